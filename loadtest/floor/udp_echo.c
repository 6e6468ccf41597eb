/*
 * The benchmark floor: a UDP echo that does no JSON work. It receives a batch with recvmmsg and
 * sends every datagram straight back to its source with sendmmsg, so what it costs per datagram is
 * the kernel's UDP path and nothing else. Any node we write can only be slower.
 *
 *   udp_echo PORT [BIND_ADDR] [THREADS]     (default 127.0.0.1, 1 thread; threads share the port via SO_REUSEPORT)
 *
 * With UDP_ECHO_EPOLL=1 in the environment each socket is also added to an epoll set that is never
 * waited on, as an event loop's socket is: every datagram sent then wakes that entry on the socket's
 * wait queue when the kernel frees it, which is what epoll costs a server here (docs/benchmarks.md).
 * With UDP_ECHO_SEND_SOCKET=1 each thread sends from a second socket on the port, connected to its
 * own address so that the kernel never hands it a datagram: the node's --send-socket, in C.
 * With UDP_ECHO_PAD=N each reply is the request followed by N spaces (up to 65 000): a floor whose
 * replies are as long as the node's, N=1216 for the peers scenario's 1 403-byte Peers replies.
 *
 * Loopback by default; it answers whoever sends to it, so bind it to loopback only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define SLOT 65536 /* every datagram arrives whole, as in the node */

static int port;
static const char *bind_addr = "127.0.0.1";
static char padding[65000]; /* UDP_ECHO_PAD's spaces, filled once before the threads start */
static int pad;

static int open_socket(void) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) { perror("socket"); exit(1); }
    int one = 1, buf = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    if (inet_pton(AF_INET, bind_addr, &a.sin_addr) != 1) { fprintf(stderr, "bad address %s\n", bind_addr); exit(2); }
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(1); }
    return fd;
}

static void *serve(void *arg) {
    (void)arg;
    int fd = open_socket();
    const char *with_epoll = getenv("UDP_ECHO_EPOLL");
    if (with_epoll && strcmp(with_epoll, "1") == 0) {
        int ep = epoll_create1(0);
        struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.fd = fd };
        if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { perror("epoll"); exit(1); }
    }
    int out = fd;
    const char *send_socket = getenv("UDP_ECHO_SEND_SOCKET");
    if (send_socket && strcmp(send_socket, "1") == 0) {
        out = open_socket();
        struct sockaddr_in self;
        socklen_t len = sizeof self;
        if (getsockname(out, (struct sockaddr *)&self, &len) < 0) { perror("getsockname"); exit(1); }
        if (self.sin_addr.s_addr == htonl(INADDR_ANY)) {
            fprintf(stderr, "UDP_ECHO_SEND_SOCKET needs one bind address, not 0.0.0.0\n");
            exit(2);
        }
        if (connect(out, (struct sockaddr *)&self, len) < 0) { perror("connect"); exit(1); }
    }
    static __thread char data[BATCH][SLOT];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH][2]; /* the request, then the padding */
    struct sockaddr_in from[BATCH];
    for (;;) {
        for (int i = 0; i < BATCH; i++) {
            iov[i][0].iov_base = data[i];
            iov[i][0].iov_len = SLOT;
            iov[i][1].iov_base = padding;
            iov[i][1].iov_len = (size_t) pad;
            memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
            msgs[i].msg_hdr.msg_iov = iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_name = &from[i];
            msgs[i].msg_hdr.msg_namelen = sizeof from[i];
        }
        int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("recvmmsg");
            exit(1);
        }
        for (int i = 0; i < n; i++) {
            iov[i][0].iov_len = msgs[i].msg_len; /* send back exactly what came in, */
            msgs[i].msg_hdr.msg_iovlen = pad ? 2 : 1; /* and the padding */
        }
        for (int sent = 0; sent < n;) {
            int k = sendmmsg(out, msgs + sent, n - sent, 0);
            if (k < 0) {
                if (errno == EINTR) continue;
                break; /* a full socket buffer loses the rest, as UDP does */
            }
            sent += k;
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORT [BIND_ADDR] [THREADS]\n", argv[0]);
        return 2;
    }
    port = atoi(argv[1]);
    if (argc > 2) bind_addr = argv[2];
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (port <= 0 || port > 65535 || threads < 1 || threads > 64) {
        fprintf(stderr, "bad port or thread count\n");
        return 2;
    }
    const char *pad_env = getenv("UDP_ECHO_PAD");
    char *end = NULL;
    long pad_asked = pad_env ? strtol(pad_env, &end, 10) : 0;
    if (pad_env && (*pad_env == 0 || *end != 0 || pad_asked < 0 || pad_asked > (long) sizeof padding)) {
        fprintf(stderr, "UDP_ECHO_PAD takes 0..%zu\n", sizeof padding);
        return 2;
    }
    pad = (int) pad_asked;
    memset(padding, ' ', sizeof padding);
    signal(SIGPIPE, SIG_IGN);
    pthread_t t[64];
    for (int i = 1; i < threads; i++) pthread_create(&t[i], NULL, serve, NULL);
    serve(NULL);
    return 0;
}
