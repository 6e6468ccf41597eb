/*
 * The floor for content transfer: what this machine's loopback UDP does for block downloads when
 * nothing but the transfer is done. A server answers each request (the block's offset, 8 bytes)
 * with that 4096-byte block of a file, base64-encoded with Content's JSON around it, so the reply
 * is as large as a Content datagram; a client keeps WINDOW requests outstanding, one per datagram,
 * asks again after 50 ms without an answer, and prints the rate. No JSON parsing, no cookies, no
 * hashing: the node's download is measured against this (loadtest/content-bench.sh).
 *
 *   blockfloor serve PORT FILE
 *   blockfloor get PORT SIZE WINDOW      (prints "MB/s <rate>" on success)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096
#define MAX_WINDOW 4096

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t base64(const unsigned char *in, size_t n, char *out) {
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = B64[v >> 18 & 63]; out[o++] = B64[v >> 12 & 63];
        out[o++] = B64[v >> 6 & 63]; out[o++] = B64[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
        out[o++] = B64[v >> 18 & 63]; out[o++] = B64[v >> 12 & 63];
        out[o++] = i + 1 < n ? B64[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    return o;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int bound(int port) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int buf = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("bind");
        exit(2);
    }
    return fd;
}

static int serve(int port, const char *file) {
    int f = open(file, O_RDONLY);
    if (f < 0) {
        perror(file);
        return 2;
    }
    off_t size = lseek(f, 0, SEEK_END);
    int fd = bound(port);
    unsigned char block[BLOCK];
    char reply[8 + 256 + BLOCK * 2];
    for (;;) {
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        uint64_t offset;
        ssize_t n = recvfrom(fd, &offset, sizeof offset, 0, (struct sockaddr *)&from, &fl);
        if (n != sizeof offset) {
            continue;
        }
        ssize_t got = offset < (uint64_t)size ? pread(f, block, BLOCK, (off_t)offset) : 0;
        if (got < 0) {
            got = 0;
        }
        memcpy(reply, &offset, 8);
        int h = snprintf(reply + 8, 256, "[{\"Content\":{\"id\":\"%064d\",\"offset\":%llu,\"base64\":\"", 0,
                         (unsigned long long)offset);
        size_t b = base64(block, (size_t)got, reply + 8 + h);
        int t = snprintf(reply + 8 + h + b, 64, "\",\"eof\":%lld}}]", (long long)size);
        sendto(fd, reply, 8 + h + b + t, 0, (struct sockaddr *)&from, fl);
    }
}

static int get(int port, long long size, int window) {
    int fd = bound(0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    connect(fd, (struct sockaddr *)&to, sizeof to);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    long long blocks = (size + BLOCK - 1) / BLOCK;
    unsigned char *have = calloc(blocks, 1);
    long long slotBlock[MAX_WINDOW];
    double slotSent[MAX_WINDOW];
    for (int i = 0; i < window; i++) {
        slotBlock[i] = -1;
    }
    long long next = 0, received = 0;
    char buf[65536];
    double start = now();
    while (received < blocks) {
        double t = now();
        for (int i = 0; i < window; i++) {
            if (slotBlock[i] >= 0 && have[slotBlock[i]]) {
                slotBlock[i] = -1;
            }
            if (slotBlock[i] < 0) {
                while (next < blocks && have[next]) {
                    next++;
                }
                if (next >= blocks) {
                    continue;
                }
                slotBlock[i] = next++;
                slotSent[i] = 0;
            }
            if (slotSent[i] == 0 || t - slotSent[i] > 0.05) {
                uint64_t offset = (uint64_t)slotBlock[i] * BLOCK;
                send(fd, &offset, sizeof offset, 0);
                slotSent[i] = t;
            }
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, 10);
        ssize_t n;
        while ((n = recv(fd, buf, sizeof buf, 0)) >= 8) {
            uint64_t offset;
            memcpy(&offset, buf, 8);
            long long b = (long long)(offset / BLOCK);
            if (b < blocks && !have[b]) {
                have[b] = 1;
                received++;
            }
        }
        if (next >= blocks) {
            next = 0; /* a second pass finds the blocks whose answers were lost */
        }
    }
    double s = now() - start;
    printf("MB/s %.1f\n", size / s / 1e6);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "serve") == 0) {
        return serve(atoi(argv[2]), argv[3]);
    }
    if (argc == 5 && strcmp(argv[1], "get") == 0) {
        int w = atoi(argv[4]);
        return get(atoi(argv[2]), atoll(argv[3]), w < 1 ? 1 : w > MAX_WINDOW ? MAX_WINDOW : w);
    }
    fprintf(stderr, "usage: blockfloor serve PORT FILE | blockfloor get PORT SIZE WINDOW\n");
    return 2;
}
