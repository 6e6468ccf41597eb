/*
 * The benchmark's closed-loop load generator, in C: cheaper per request than the Java flooder, so
 * that the server, not the generator, is what runs out of CPU first. One thread; SOCKETS connected
 * UDP sockets (default 16), each keeping WINDOW requests outstanding (default 32). epoll says which
 * sockets have replies; each is read with one recvmmsg and its window refilled with one system call.
 *
 * That call is one sendmsg with UDP_SEGMENT (Linux 4.18 and later): a socket's requests all have the
 * same length, so the kernel takes the window's requests as one buffer and cuts it into datagrams.
 * The server receives the same datagrams, but the generator pays the send path once per window
 * instead of once per request, which lets it outrun the floor: with sendmmsg it could not (about
 * 1.5x more replies/s from a pinned floor, whose CPU was then the limit, not the generator's).
 * --no-gso, or a kernel that refuses it, sends with sendmmsg, one datagram per message.
 *
 * Every request carries {"PleaseReturnThisMessage":{"n":SEQ}} and a reply is matched to its
 * request by that number (per socket, SEQ_BASE + i, so every number has ten digits). A request
 * unanswered for --timeout-ms, or still unanswered when its ring slot comes round again, is lost
 * and its place in the window goes to a new one, so UDP loss never starves the loop.
 *
 *   echo    [{"PleaseReturnThisMessage":{"n":SEQ}}] from unverified sockets; the node answers
 *           with ReturnedMessage (and its cookie).
 *   peers   each socket first completes the cookie handshake, then sends what a Rust node sends:
 *           [{"AlwaysReturned":NODE},{"PleaseSendPeers":{}},{"PleaseReturnThisMessage":{"n":SEQ}},
 *            {"PleaseAlwaysReturnThisMessage":OWN}]
 *           A reply counts only when it carries Peers, the ReturnedMessage and AlwaysReturned.
 *   --raw   the target is a byte echo (udp_echo.c, the floor): the reply is the request itself,
 *           matched and checked the same way.
 *   --seed-peers N: first, N more sources complete the handshake and send one verified request
 *           each, so that Peers replies carry a full list, as on a busy node. Source i is
 *           127.(128 + i % 64).(i / 64).1, as in the Java flooder: each in a /24 of its own over 64
 *           /16s, within the node's diversity caps (per IP, /24 and /16, and per /16 in a reply).
 *
 * Replies are checked by looking for their parts, not parsed as JSON; the Java flooder
 * (loadtest.jar) parses every reply and is the correctness check (FlooderSmokeTest).
 *
 * Reports replies/s, latency percentiles (1 us buckets; 100 ms or more reads as 100000.5 us), loss,
 * its own CPU time (getrusage) and the share of one CPU that is, and with --server-pid the server's CPU from /proc/PID/stat. A generator near 100 %
 * of its CPU is likely what limits the rate; bench.sh then prints no ratio.
 *
 * Loopback only: a target outside 127.0.0.0/8 and ::1 is refused (exit 2).
 *
 *   gcc -O2 -Wall -o closedloop loadtest/floor/closedloop.c
 *   closedloop [--scenario echo|peers] [--raw] [--sockets N] [--window N] [--duration S]
 *              [--warmup S] [--timeout-ms MS] [--seed-peers N] [--server-pid PID]
 *              [--target ADDR] [--no-gso] [--json] PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64         /* datagrams per recvmmsg and at most per sendmmsg */
#define REPLY_SLOT 4096  /* a full Peers reply is about 1.2 KB */
#define REQUEST_SLOT 1536
#define MAX_COOKIE 600
#define SEQ_BASE 1000000000ULL
#define GSO_BYTES 65000  /* at most this much in one UDP_SEGMENT send (a datagram's limit) */
#define HIST_US 100000   /* latency histogram: 1 us buckets up to 100 ms, then one overflow bucket */

static long long nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

struct sock {
    int fd;
    uint64_t next;         /* the next request's number, from 0 (SEQ_BASE is added on the wire) */
    uint64_t oldest;       /* every request before this one is answered or lost */
    uint64_t measure_from; /* requests from here on were sent while measuring */
    uint64_t measure_to;   /* ... and before this one */
    int outstanding;
    uint64_t *seq_at;      /* ring: request number + 1 in its slot, 0 when the slot is free */
    long long *sent_at;
    char own[64];
    int own_len;
    char node[MAX_COOKIE];
    int node_len;          /* 0 until the handshake brought the node's cookie */
    char prefix[MAX_COOKIE + 128], suffix[192];
    int prefix_len, suffix_len;
};

static struct {
    int peers, raw, sockets, window, duration, warmup, timeout_ms, seed_peers, json, gso;
    long server_pid;
    const char *target;
    int port;
} opt = {0, 0, 16, 32, 10, 2, 1000, 0, 0, 1, 0, "127.0.0.1", 0};

static struct sockaddr_storage target;
static socklen_t target_len;
static int family;
static unsigned ring_mask;
static int measuring, sending = 1;
static long long stop_at;

/* What the measured part of the run saw. */
static struct {
    uint64_t received;  /* matched replies received while measuring, whatever request they answer */
    uint64_t sent;      /* requests sent while measuring */
    uint64_t answered;  /* ... of which answered, up to the end of the drain */
    uint64_t lost;      /* ... of which given up (timeout, ring slot reused, or never answered) */
    uint64_t late, bad, other, send_errors, peers_entries;
} st;
static uint32_t hist[HIST_US + 1];

static void usage(FILE *f) {
    fprintf(f, "usage: closedloop [--scenario echo|peers] [--raw] [--sockets N] [--window N] [--duration S]\n"
               "                  [--warmup S] [--timeout-ms MS] [--seed-peers N] [--server-pid PID]\n"
               "                  [--target ADDR] [--no-gso] [--json] PORT\n"
               "Loopback targets only (127.0.0.0/8, ::1).\n");
}

static int parse_int(const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *s == 0 || *end != 0 || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

/* Resolves --target into `target`; refuses anything that is not loopback. */
static int loopback_target(void) {
    memset(&target, 0, sizeof target);
    struct sockaddr_in *a4 = (struct sockaddr_in *) &target;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *) &target;
    if (inet_pton(AF_INET, opt.target, &a4->sin_addr) == 1) {
        if ((ntohl(a4->sin_addr.s_addr) >> 24) != 127) return 0;
        a4->sin_family = family = AF_INET;
        a4->sin_port = htons(opt.port);
        target_len = sizeof *a4;
        return 1;
    }
    if (inet_pton(AF_INET6, opt.target, &a6->sin6_addr) == 1) {
        if (!IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr)) return 0;
        a6->sin6_family = family = AF_INET6;
        a6->sin6_port = htons(opt.port);
        target_len = sizeof *a6;
        return 1;
    }
    return 0;
}

/* A UDP socket bound to `source` (or any loopback port when NULL) and connected to the target, so
 * that only the target's datagrams reach it and sendmmsg needs no address. */
static int open_socket(const struct sockaddr *source, socklen_t source_len) {
    int fd = socket(family, SOCK_DGRAM, 0);
    if (fd < 0) { perror("socket"); exit(1); }
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    if (source && bind(fd, source, source_len) < 0) { perror("bind"); exit(1); }
    if (connect(fd, (struct sockaddr *) &target, target_len) < 0) { perror("connect"); exit(1); }
    return fd;
}

/* The end of the JSON value that starts at p (after blanks), or NULL when it does not end by `end`.
 * Strings, objects and arrays are followed to their end; anything else runs to the next , } ]. */
static const char *json_value_end(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (p >= end) return NULL;
    int depth = 0;
    do {
        char c = *p++;
        if (c == '"') {
            while (p < end && *p != '"') p += *p == '\\' ? 2 : 1;
            if (p >= end) return NULL;
            p++;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth < 0) return NULL;
        } else if (depth == 0) {
            while (p < end && *p != ',' && *p != '}' && *p != ']') p++;
            return p;
        }
    } while (depth > 0 && p < end);
    return depth == 0 ? p : NULL;
}

/* The value of the first PleaseAlwaysReturnThisMessage in a datagram: the node's cookie (or, from
 * the floor, our own, echoed). Returns its length, 0 when there is none. */
static int cookie_of(const char *data, int len, char *out) {
    static const char key[] = "\"PleaseAlwaysReturnThisMessage\":";
    const char *p = memmem(data, len, key, sizeof key - 1);
    if (!p) return 0;
    p += sizeof key - 1;
    const char *e = json_value_end(p, data + len);
    if (!e || e - p >= MAX_COOKIE || e == p) return 0;
    memcpy(out, p, e - p);
    return (int) (e - p);
}

static void build_request_parts(struct sock *s, int peers) {
    if (!peers) {
        s->prefix_len = sprintf(s->prefix, "[{\"PleaseReturnThisMessage\":{\"n\":");
        s->suffix_len = sprintf(s->suffix, "}}]");
        return;
    }
    s->prefix_len = sprintf(s->prefix, "[{\"AlwaysReturned\":%.*s},{\"PleaseSendPeers\":{}},"
                            "{\"PleaseReturnThisMessage\":{\"n\":", s->node_len, s->node);
    s->suffix_len = sprintf(s->suffix, "}},{\"PleaseAlwaysReturnThisMessage\":%.*s}]", s->own_len, s->own);
}

/* Writes request `seq` of socket s into out; returns its length. */
static int write_request(const struct sock *s, uint64_t seq, char *out) {
    memcpy(out, s->prefix, s->prefix_len);
    char *p = out + s->prefix_len;
    uint64_t v = SEQ_BASE + seq;
    char digits[20];
    int n = 0;
    do { digits[n++] = (char) ('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = digits[--n];
    memcpy(p, s->suffix, s->suffix_len);
    return (int) (p - out) + s->suffix_len;
}

/* First contact, for every socket that has no cookie yet, until all have one or 5 s passed. */
static int handshake(struct sock *socks, int count) {
    long long deadline = nanos() + 5000000000LL;
    static char buf[REPLY_SLOT];
    struct pollfd *fds = calloc(count, sizeof *fds);
    for (;;) {
        int missing = 0;
        for (int i = 0; i < count; i++) {
            fds[i].fd = socks[i].fd;
            fds[i].events = POLLIN;
            if (socks[i].node_len) continue;
            missing++;
            char hello[256];
            int len = snprintf(hello, sizeof hello, "[{\"PleaseSendPeers\":{}},{\"PleaseAlwaysReturnThisMessage\":%.*s}]",
                               socks[i].own_len, socks[i].own);
            send(socks[i].fd, hello, len, 0);
        }
        if (!missing) break;
        if (nanos() > deadline) { free(fds); return 0; }
        long long until = nanos() + 100000000LL;
        while (nanos() < until) {
            if (poll(fds, count, 20) <= 0) continue;
            for (int i = 0; i < count; i++) {
                if (!(fds[i].revents & POLLIN)) continue;
                int len;
                while ((len = recv(fds[i].fd, buf, sizeof buf, MSG_DONTWAIT)) > 0)
                    if (!socks[i].node_len) socks[i].node_len = cookie_of(buf, len, socks[i].node);
            }
        }
    }
    free(fds);
    return 1;
}

static void init_sock(struct sock *s, const char *own_name) {
    unsigned ring = ring_mask + 1;
    s->seq_at = calloc(ring, sizeof *s->seq_at);
    s->sent_at = calloc(ring, sizeof *s->sent_at);
    s->own_len = snprintf(s->own, sizeof s->own, "{\"cookie\":\"%s\"}", own_name);
    s->measure_from = s->measure_to = UINT64_MAX; /* nothing is measured before the warm-up ends */
}

/* Sources that become the node's verified peers before the run, each in its own /24 (see --seed-peers). */
static int seed(int count) {
    if (family != AF_INET) { fprintf(stderr, "closedloop: --seed-peers needs an IPv4 target\n"); return 0; }
    struct sock *seeds = calloc(count, sizeof *seeds);
    for (int i = 0; i < count; i++) {
        struct sockaddr_in src = {.sin_family = AF_INET};
        src.sin_addr.s_addr = htonl((127u << 24) | ((128u + i % 64) << 16) | ((unsigned) (i / 64) << 8) | 1u);
        char name[32];
        snprintf(name, sizeof name, "seed-%d", i);
        init_sock(&seeds[i], name);
        seeds[i].fd = open_socket((struct sockaddr *) &src, sizeof src);
    }
    int ok = handshake(seeds, count);
    if (ok) {
        for (int i = 0; i < count; i++) {
            char req[REQUEST_SLOT];
            build_request_parts(&seeds[i], 1);
            send(seeds[i].fd, req, write_request(&seeds[i], 0, req), 0);
        }
        usleep(200000);
    }
    for (int i = 0; i < count; i++) {
        close(seeds[i].fd);
        free(seeds[i].seq_at);
        free(seeds[i].sent_at);
    }
    free(seeds);
    return ok;
}

static int is_measured(const struct sock *s, uint64_t seq) {
    return seq >= s->measure_from && seq < s->measure_to;
}

static void give_up(struct sock *s, uint64_t seq, unsigned slot) {
    s->seq_at[slot] = 0;
    s->outstanding--;
    if (is_measured(s, seq)) st.lost++;
}

/* The n requests of iov, laid one after the other, in UDP_SEGMENT sends of up to GSO_BYTES each
 * when all have one length; returns how many the kernel took. A refusal other than a full buffer
 * switches --no-gso on. */
static int send_segmented(int fd, const struct iovec *iov, int n) {
    size_t len = iov[0].iov_len;
    int per_send = (int) (GSO_BYTES / len), sent = 0;
    for (int k = 1; k < n; k++) if (iov[k].iov_len != len) return 0;
    while (sent < n) {
        int count = n - sent < per_send ? n - sent : per_send;
        struct iovec whole = {iov[sent].iov_base, len * count};
        union { char buf[CMSG_SPACE(sizeof(uint16_t))]; struct cmsghdr align; } control;
        struct msghdr m = {.msg_iov = &whole, .msg_iovlen = 1, .msg_control = control.buf,
                           .msg_controllen = sizeof control.buf};
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        uint16_t segment = (uint16_t) len;
        memcpy(CMSG_DATA(c), &segment, sizeof segment);
        if (sendmsg(fd, &m, 0) < 0) {
            if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR) {
                fprintf(stderr, "closedloop: the kernel refused UDP_SEGMENT (%s); sending with sendmmsg\n", strerror(errno));
                opt.gso = 0;
            }
            break;
        }
        sent += count;
    }
    return sent;
}

/* Closed loop: sends until WINDOW requests are outstanding, in one system call (see the top). */
static void top_up(struct sock *s) {
    static char out[BATCH * REQUEST_SLOT]; /* the requests one after the other, as UDP_SEGMENT takes them */
    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    if (!sending) return;
    int n = 0;
    char *at = out;
    uint64_t first = s->next;
    while (s->outstanding + n < opt.window && n < BATCH) {
        uint64_t seq = first + n;
        unsigned slot = (unsigned) (seq & ring_mask);
        if (s->seq_at[slot]) give_up(s, s->seq_at[slot] - 1, slot); /* the ring came round: lost */
        iov[n].iov_base = at;
        iov[n].iov_len = write_request(s, seq, at);
        at += iov[n].iov_len;
        memset(&msgs[n].msg_hdr, 0, sizeof msgs[n].msg_hdr);
        msgs[n].msg_hdr.msg_iov = &iov[n];
        msgs[n].msg_hdr.msg_iovlen = 1;
        n++;
    }
    if (n == 0) return;
    long long now = nanos();
    int sent = opt.gso ? send_segmented(s->fd, iov, n) : 0;
    while (sent < n) {
        int r = sendmmsg(s->fd, msgs + sent, n - sent, 0);
        if (r <= 0) {
            if (r < 0 && errno == EINTR) continue;
            st.send_errors++; /* a full buffer or an ICMP error: the rest is not sent, and not counted */
            break;
        }
        sent += r;
    }
    for (int k = 0; k < sent; k++) {
        unsigned slot = (unsigned) ((first + k) & ring_mask);
        s->seq_at[slot] = first + k + 1;
        s->sent_at[slot] = now;
    }
    s->next = first + sent;
    s->outstanding += sent;
    if (measuring > 0) st.sent += sent;
}

/* Request number in `"KEY":{"n":DIGITS}`, or -1. */
static long long number_after(const char *data, int len, const char *key, int key_len) {
    const char *p = memmem(data, len, key, key_len);
    if (!p) return -1;
    p += key_len;
    const char *end = data + len;
    unsigned long long v = 0;
    int digits = 0;
    while (p < end && *p >= '0' && *p <= '9' && digits < 19) v = v * 10 + (*p++ - '0'), digits++;
    if (!digits || p >= end || *p != '}' || v < SEQ_BASE) return -1;
    return (long long) (v - SEQ_BASE);
}

/* Entries of the reply's Peers list, or -1 when it has none. Entries are strings without quotes
 * inside, so two quote marks each. */
static int peers_in(const char *data, int len) {
    static const char key[] = "\"Peers\":{\"peers\":[";
    const char *p = memmem(data, len, key, sizeof key - 1);
    if (!p) return -1;
    p += sizeof key - 1;
    const char *close = memchr(p, ']', data + len - p);
    if (!close) return -1;
    int quotes = 0;
    for (; p < close; p++) quotes += *p == '"';
    return quotes / 2;
}

static void record_latency(long long ns) {
    long long us = ns / 1000;
    hist[us < HIST_US ? us : HIST_US]++;
}

/* Reads one recvmmsg's worth of replies and matches them. */
static void read_replies(struct sock *s) {
    static char bufs[BATCH][REPLY_SLOT];
    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    static int ready;
    static const char node_key[] = "\"ReturnedMessage\":{\"n\":", raw_key[] = "\"PleaseReturnThisMessage\":{\"n\":";
    if (!ready) {
        for (int i = 0; i < BATCH; i++) {
            iov[i].iov_base = bufs[i];
            iov[i].iov_len = REPLY_SLOT;
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        ready = 1;
    }
    int got = recvmmsg(s->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (got <= 0) return; /* EAGAIN, or an ICMP error from an earlier send */
    long long now = nanos();
    const char *key = opt.raw ? raw_key : node_key;
    int key_len = opt.raw ? (int) sizeof raw_key - 1 : (int) sizeof node_key - 1;
    for (int i = 0; i < got; i++) {
        const char *data = bufs[i];
        int len = (int) msgs[i].msg_len;
        long long seq = number_after(data, len, key, key_len);
        if (seq < 0) {
            /* Against the node: its maintenance probing a verified peer, or a late handshake answer. */
            if (opt.raw) st.bad++; else st.other++;
            continue;
        }
        if ((uint64_t) seq >= s->next) { st.bad++; continue; }
        unsigned slot = (unsigned) (seq & ring_mask);
        if (s->seq_at[slot] != (uint64_t) seq + 1) { st.late++; continue; } /* given up already */
        int peers = 0;
        if (opt.peers) {
            peers = opt.raw ? (memmem(data, len, "\"PleaseSendPeers\":", 18) ? 0 : -1) : peers_in(data, len);
            if (peers < 0 || !memmem(data, len, "\"AlwaysReturned\":", 17)) { st.bad++; continue; }
        }
        s->seq_at[slot] = 0;
        s->outstanding--;
        if (measuring > 0 && now < stop_at) st.received++;
        if (is_measured(s, (uint64_t) seq)) {
            st.answered++;
            st.peers_entries += peers;
            record_latency(now - s->sent_at[slot]);
        }
    }
}

/* Gives up requests older than the timeout. */
static void sweep(struct sock *s, long long now, long long timeout_ns) {
    while (s->oldest < s->next) {
        unsigned slot = (unsigned) (s->oldest & ring_mask);
        if (s->seq_at[slot] == s->oldest + 1) {
            if (now - s->sent_at[slot] < timeout_ns) break;
            give_up(s, s->oldest, slot);
        }
        s->oldest++;
    }
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of a process from /proc/PID/stat, or -1. */
static double process_seconds(long pid) {
    if (pid <= 0) return -1;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long long utime, stime;
    /* after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
    return (double) (utime + stime) / sysconf(_SC_CLK_TCK);
}

static double percentile(uint64_t total, double q) {
    if (!total) return 0;
    uint64_t rank = (uint64_t) (q * (total - 1)), seen = 0;
    for (int i = 0; i <= HIST_US; i++) {
        seen += hist[i];
        if (seen > rank) return i + 0.5;
    }
    return HIST_US;
}

int main(int argc, char **argv) {
    static const struct option longs[] = {
        {"scenario", 1, 0, 's'}, {"raw", 0, 0, 'r'}, {"sockets", 1, 0, 'n'}, {"window", 1, 0, 'w'},
        {"duration", 1, 0, 'd'}, {"warmup", 1, 0, 'W'}, {"timeout-ms", 1, 0, 't'}, {"seed-peers", 1, 0, 'S'},
        {"server-pid", 1, 0, 'p'}, {"target", 1, 0, 'a'}, {"json", 0, 0, 'j'}, {"no-gso", 0, 0, 'G'},
        {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    long v;
    while ((c = getopt_long(argc, argv, "s:rn:w:d:W:t:S:p:a:jh", longs, NULL)) != -1) {
        int ok = 1;
        switch (c) {
            case 's':
                if (strcmp(optarg, "echo") == 0) opt.peers = 0;
                else if (strcmp(optarg, "peers") == 0) opt.peers = 1;
                else ok = 0;
                break;
            case 'r': opt.raw = 1; break;
            case 'n': ok = parse_int(optarg, 1, 1024, &v); opt.sockets = (int) v; break;
            case 'w': ok = parse_int(optarg, 1, BATCH * 64, &v); opt.window = (int) v; break;
            case 'd': ok = parse_int(optarg, 1, 3600, &v); opt.duration = (int) v; break;
            case 'W': ok = parse_int(optarg, 0, 3600, &v); opt.warmup = (int) v; break;
            case 't': ok = parse_int(optarg, 10, 60000, &v); opt.timeout_ms = (int) v; break;
            case 'S': ok = parse_int(optarg, 0, 1000, &v); opt.seed_peers = (int) v; break;
            case 'p': ok = parse_int(optarg, 1, 1L << 30, &v); opt.server_pid = v; break;
            case 'a': opt.target = optarg; break;
            case 'j': opt.json = 1; break;
            case 'G': opt.gso = 0; break;
            case 'h': usage(stdout); return 0;
            default: usage(stderr); return 2;
        }
        if (!ok) {
            const char *name = "?";
            for (const struct option *o = longs; o->name; o++) if (o->val == c) name = o->name;
            fprintf(stderr, "closedloop: bad value for --%s: %s\n", name, optarg);
            return 2;
        }
    }
    if (optind != argc - 1 || !parse_int(argv[optind], 1, 65535, &v)) { usage(stderr); return 2; }
    opt.port = (int) v;
    if (!loopback_target()) {
        fprintf(stderr, "closedloop: %s is not a loopback address (127.0.0.0/8 or ::1); refused\n", opt.target);
        return 2;
    }
    unsigned ring = 4096;
    while (ring < 8u * opt.window) ring <<= 1;
    ring_mask = ring - 1;

    if (opt.seed_peers && !seed(opt.seed_peers)) {
        fprintf(stderr, "closedloop: the seed peers got no cookie within 5 s: is a node listening on port %d?\n", opt.port);
        return 1;
    }
    struct sock *socks = calloc(opt.sockets, sizeof *socks);
    int ep = epoll_create1(0);
    for (int i = 0; i < opt.sockets; i++) {
        char name[32];
        snprintf(name, sizeof name, "closedloop-%d", i);
        init_sock(&socks[i], name);
        struct sockaddr_storage any = {0};
        if (family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *) &any;
            a->sin_family = AF_INET;
            a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        } else {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *) &any;
            a->sin6_family = AF_INET6;
            a->sin6_addr = in6addr_loopback;
        }
        socks[i].fd = open_socket((struct sockaddr *) &any, family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = (uint32_t) i};
        epoll_ctl(ep, EPOLL_CTL_ADD, socks[i].fd, &e);
    }
    if (opt.peers && !handshake(socks, opt.sockets)) {
        fprintf(stderr, "closedloop: no cookie from port %d within 5 s: is a server listening?\n", opt.port);
        return 1;
    }
    for (int i = 0; i < opt.sockets; i++) build_request_parts(&socks[i], opt.peers);

    long long timeout_ns = opt.timeout_ms * 1000000LL;
    long long start = nanos(), measure_at = start + opt.warmup * 1000000000LL, drain_end = 0, next_sweep = 0;
    stop_at = INT64_MAX;
    double cpu0 = 0, cpu1 = 0, server0 = -1, server1 = -1;
    long long t0 = 0, t1 = 0;
    struct epoll_event *events = calloc(opt.sockets, sizeof *events);
    for (int i = 0; i < opt.sockets; i++) top_up(&socks[i]);
    for (;;) {
        long long now = nanos();
        if (!measuring && now >= measure_at) {
            for (int i = 0; i < opt.sockets; i++) socks[i].measure_from = socks[i].next;
            memset(&st, 0, sizeof st); /* the warm-up's late, bad and other datagrams are not reported */
            measuring = 1;
            t0 = nanos();
            stop_at = t0 + opt.duration * 1000000000LL;
            cpu0 = cpu_seconds();
            server0 = process_seconds(opt.server_pid);
        }
        if (measuring == 1 && now >= stop_at) {
            t1 = nanos();
            cpu1 = cpu_seconds();
            server1 = process_seconds(opt.server_pid);
            for (int i = 0; i < opt.sockets; i++) socks[i].measure_to = socks[i].next;
            sending = 0;
            measuring = 2;
            /* Replies to the last requests are still counted if they come within the timeout (at most 1 s). */
            drain_end = now + (timeout_ns < 1000000000LL ? timeout_ns : 1000000000LL);
        }
        if (measuring == 2) {
            int left = 0;
            for (int i = 0; i < opt.sockets; i++) left += socks[i].outstanding;
            if (!left || now >= drain_end) break;
        }
        if (now >= next_sweep) {
            for (int i = 0; i < opt.sockets; i++) {
                sweep(&socks[i], now, timeout_ns);
                top_up(&socks[i]);
            }
            next_sweep = now + 10000000LL;
        }
        int n = epoll_wait(ep, events, opt.sockets, 1);
        for (int k = 0; k < n; k++) {
            struct sock *s = &socks[events[k].data.u32];
            read_replies(s);
            top_up(s);
        }
    }
    /* Whatever is still outstanding of the measured requests is lost. */
    for (int i = 0; i < opt.sockets; i++) sweep(&socks[i], INT64_MAX, 0);

    double seconds = (t1 - t0) / 1e9, gen_cpu = cpu1 - cpu0;
    double server_cpu = server0 < 0 || server1 < 0 ? -1 : server1 - server0;
    double rps = st.received / seconds, loss = st.sent ? (double) st.lost / st.sent : 0;
    double p50 = percentile(st.answered, 0.50), p99 = percentile(st.answered, 0.99), p999 = percentile(st.answered, 0.999);
    double peers_avg = st.answered ? (double) st.peers_entries / st.answered : 0;
    double us_per_reply = server_cpu >= 0 && st.received ? server_cpu * 1e6 / st.received : -1;
    const char *scenario = opt.peers ? "peers" : "echo";
    if (opt.json) {
        printf("{\"scenario\":\"%s\",\"raw\":%s,\"gso\":%s,\"sockets\":%d,\"window\":%d,\"seconds\":%.3f,\"replies\":%llu,"
               "\"replies_per_s\":%.1f,\"sent\":%llu,\"answered\":%llu,\"lost\":%llu,\"loss\":%.6f,\"late\":%llu,"
               "\"bad\":%llu,\"other\":%llu,\"send_errors\":%llu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,"
               "\"peers_per_reply\":%.1f,\"gen_cpu_s\":%.3f,\"gen_cpu_share\":%.3f,\"server_cpu_s\":%.3f,"
               "\"server_cpu_share\":%.3f,\"server_cpu_us_per_reply\":%.3f}\n",
               scenario, opt.raw ? "true" : "false", opt.gso ? "true" : "false", opt.sockets, opt.window, seconds,
               (unsigned long long) st.received, rps, (unsigned long long) st.sent, (unsigned long long) st.answered,
               (unsigned long long) st.lost, loss, (unsigned long long) st.late, (unsigned long long) st.bad,
               (unsigned long long) st.other, (unsigned long long) st.send_errors, p50, p99, p999, peers_avg,
               gen_cpu, gen_cpu / seconds, server_cpu, server_cpu < 0 ? -1 : server_cpu / seconds, us_per_reply);
    } else {
        printf("%s%s: %.0f replies/s over %.1f s (%d sockets x window %d); p50 %.1f us p99 %.1f us p99.9 %.1f us;"
               " loss %.3f %% (%llu of %llu); generator CPU %.2f s = %.0f %% of a CPU",
               scenario, opt.raw ? " (raw echo)" : "", rps, seconds, opt.sockets, opt.window, p50, p99, p999,
               loss * 100, (unsigned long long) st.lost, (unsigned long long) st.sent, gen_cpu, gen_cpu / seconds * 100);
        if (server_cpu >= 0)
            printf("; server CPU %.2f s = %.0f %% of a CPU, %.2f us per reply", server_cpu, server_cpu / seconds * 100, us_per_reply);
        if (opt.peers && !opt.raw) printf("; %.1f peers per reply", peers_avg);
        if (!opt.gso) printf("; sent with sendmmsg");
        if (st.bad || st.late || st.send_errors)
            printf("; %llu bad, %llu late, %llu send errors", (unsigned long long) st.bad, (unsigned long long) st.late,
                   (unsigned long long) st.send_errors);
        printf("\n");
    }
    return st.received ? 0 : 1;
}
