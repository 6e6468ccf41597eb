/*
 * A sequential UDP ping-pong for a baseline round trip: one PleaseReturnThisMessage request
 * outstanding at a time, optionally a pause between requests. Works against the node and against
 * the floor (udp_echo.c) alike; loopback only (127.0.0.1).
 *
 *   gcc -O2 -o pingpong loadtest/floor/pingpong.c
 *   ./pingpong PORT COUNT GAP_US      (200 unmeasured requests first)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s PORT COUNT GAP_US\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]), n = atoi(argv[2]), gap = atoi(argv[3]);
    if (n < 1) return 2;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    struct timeval timeout = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) { perror("connect"); return 1; }
    long long *rtt = malloc(sizeof(long long) * n);
    char buf[2048], msg[100];
    int lost = 0;
    for (int i = -200; i < n; i++) {
        int len = snprintf(msg, sizeof msg, "[{\"PleaseReturnThisMessage\":{\"n\":%d}}]", i + 1000);
        long long t0 = nanos();
        send(fd, msg, len, 0);
        int k = recv(fd, buf, sizeof buf, 0);
        long long t1 = nanos();
        if (k < 0) { lost++; t1 = t0 + 1000000000LL; }
        if (i >= 0) rtt[i] = t1 - t0;
        if (gap) usleep(gap);
    }
    qsort(rtt, n, sizeof *rtt, compare);
    printf("n=%d gap=%dus lost=%d  p50 %.1f us  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n", n, gap, lost,
           rtt[n / 2] / 1e3, rtt[n * 9 / 10] / 1e3, rtt[n * 99 / 100] / 1e3, rtt[n * 999 / 1000] / 1e3, rtt[n - 1] / 1e3);
    return 0;
}
