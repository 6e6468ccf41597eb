/*
 * An open-loop UDP latency probe in C, to tell the server's latency from the load generator's:
 * one thread sends PleaseReturnThisMessage {"n":SEQ} requests at RATE per second in TICK_US bursts
 * (1000 = like the Java flooder's 1 ms tick, one sendmmsg per burst; 0 = evenly spaced, which
 * spins a core), another receives them with recvmmsg and matches the echoes. Works against the node and against the floor (udp_echo.c).
 * Loopback only (127.0.0.1).
 *
 * With -s one thread does both, spinning: between sends it polls for replies (recvmmsg with
 * MSG_DONTWAIT). Requests spread finely over time need it: with two threads on one CPU, a sender
 * that spins between sends starves the receiver. Against the C floor at 152 000/s, TICK_US 0 or 100
 * gave a p99 of 4.1-5.0 ms with two threads and 0.13-0.37 ms with -s (docs/benchmarks.md, "The
 * ninth look"). In 1 ms ticks the last request of a burst waits behind the whole burst, up to 200
 * of them at the rates the bench reaches.
 *
 * Each request is timed from just before the sendmmsg that carries it. The summary line also gives
 * how late the probe sent against the schedule (sent_late_p99, sent_late_max): time a request
 * waited in the probe is not counted against the server, so a large figure there means the probe,
 * not the server, fell behind.
 *
 * With STALL_PID (e.g. $(pgrep -x kdamond.0)) a third thread polls that thread's CPU time in
 * /proc/PID/schedstat every 200 us and lists when it ran; the report then lists every 10 ms window
 * of send times in which more than 20 requests took over 1 ms, next to those runs, so periodic
 * stalls can be matched with whatever causes them.
 *
 *   gcc -O2 -o openloop loadtest/floor/openloop.c -lpthread
 *   ./openloop [-s] PORT RATE SECONDS WARMUP_SECONDS [TICK_US [STALL_PID]]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int fd;
static long total;
static long long *sent_at, *latency;
static volatile int done;

#define BATCH 64
#define SLOT 2048
/* Request i carries "n":SEQ_BASE+i, so every number has the same ten digits. Counting from 0, the
 * node's JSON parser met its first 7-digit number a million requests in, inside a measured run,
 * and the JIT deoptimised the decoding path there (-XX:+PrintCompilation): a stall that belongs to
 * the probe's counter, not to any traffic. */
#define SEQ_BASE 1000000000L

/* receive_some's buffers; one thread receives at a time. */
static char bufs[BATCH][SLOT];
static struct mmsghdr in_msgs[BATCH];
static struct iovec in_iov[BATCH];

/* Points each header at its buffer, once: recvmmsg only writes msg_len and the flags back, and with
 * -s receive_some runs between sends, so setting the headers up on every call would cost each
 * (mostly empty) poll 64 of them. */
static void init_receive(void) {
    for (int i = 0; i < BATCH; i++) {
        in_iov[i].iov_base = bufs[i];
        in_iov[i].iov_len = SLOT - 1;
        in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
        in_msgs[i].msg_hdr.msg_iovlen = 1;
    }
}

/* Receives up to BATCH replies in one recvmmsg and times each one at the call's return. */
static int receive_some(int flags) {
    int got = recvmmsg(fd, in_msgs, BATCH, flags, 0);
    if (got <= 0) return 0;
    long long now = nanos();
    for (int i = 0; i < got; i++) {
        char *buf = bufs[i];
        buf[in_msgs[i].msg_len] = 0;
        char *p = strstr(buf, "\"n\":");
        if (!p) continue;
        long n = atol(p + 4) - SEQ_BASE;
        if (n >= 0 && n < total && latency[n] == 0) latency[n] = now - sent_at[n];
    }
    return got;
}

/* The receiver thread of the two-thread probe: blocks until replies come. */
static void *receive(void *unused) {
    while (!done) receive_some(MSG_WAITFORONE);
    return 0;
}

#define MAX_RUNS 100000
static int stall_pid;
static long long run_start[MAX_RUNS], run_ns[MAX_RUNS];
static int runs;

/* The watched thread's CPU time; the file stays open and is re-read with one pread, because
 * fopen/fscanf/fclose every 200 us cost the watcher a third of a CPU on the 2-core VM. */
static int stall_fd = -1;

static long long cpu_ns(void) {
    if (stall_fd < 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/schedstat", stall_pid);
        stall_fd = open(path, O_RDONLY);
        if (stall_fd < 0) return -1;
    }
    char buf[128];
    ssize_t n = pread(stall_fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return -1;
    buf[n] = 0;
    return strtoll(buf, 0, 10);
}

static void *watch(void *unused) {
    long long last = cpu_ns(), started = 0, ran = 0;
    while (!done && last >= 0 && runs < MAX_RUNS) {
        struct timespec pause = {0, 200000};
        nanosleep(&pause, 0);
        long long now = nanos(), cpu = cpu_ns();
        if (cpu > last) {
            if (ran == 0) started = now;
            ran += cpu - last;
        } else if (ran > 0) {
            run_start[runs] = started;
            run_ns[runs++] = ran;
            ran = 0;
        }
        last = cpu;
    }
    return 0;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static long rate;
static long long start, tick;

/* When request i is due: evenly spaced at RATE, or at the start of its tick. */
static long long due_of(long i) {
    long long due = start + (long long) (i * 1e9 / rate);
    return tick ? start + (due - start) / tick * tick : due;
}

int main(int argc, char **argv) {
    const char *program = argv[0];
    int single = 0;
    if (argc > 1 && strcmp(argv[1], "-s") == 0) {
        single = 1;
        argv++;
        argc--;
    }
    if (argc < 5) {
        fprintf(stderr, "usage: %s [-s] PORT RATE SECONDS WARMUP_SECONDS [TICK_US [STALL_PID]]\n", program);
        return 2;
    }
    int port = atoi(argv[1]), seconds = atoi(argv[3]), warmup = atoi(argv[4]);
    rate = atol(argv[2]);
    tick = argc > 5 ? atoll(argv[5]) * 1000 : 0;
    stall_pid = argc > 6 ? atoi(argv[6]) : 0;
    if (rate < 1 || seconds < 1 || warmup < 0) return 2;
    total = rate * (seconds + warmup);
    long measured_from = rate * warmup;
    sent_at = calloc(total, sizeof *sent_at);
    latency = calloc(total, sizeof *latency);

    fd = socket(AF_INET, SOCK_DGRAM, 0);
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    struct timeval timeout = {0, 100000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) { perror("connect"); return 1; }

    init_receive();
    pthread_t receiver, watcher;
    if (!single) pthread_create(&receiver, 0, receive, 0);
    if (stall_pid) pthread_create(&watcher, 0, watch, 0);
    /* The requests due by now go out in one sendmmsg (a 1 ms tick's worth with TICK_US 1000, as the
     * Java flooder's flush does), all timed just before the call. */
    start = nanos();
    static char out[BATCH][100];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    for (long i = 0; i < total;) {
        long long due = due_of(i);
        long long now;
        while ((now = nanos()) < due) {
            if (single) {
                receive_some(MSG_DONTWAIT);
            } else if (due - now > 200000) {
                struct timespec s = {0, due - now - 100000};
                nanosleep(&s, 0);
            }
        }
        int n = 0;
        while (n < BATCH && i + n < total) {
            if (due_of(i + n) > now) break;
            int len = snprintf(out[n], sizeof out[n], "[{\"PleaseReturnThisMessage\":{\"n\":%ld}}]", SEQ_BASE + i + n);
            iov[n].iov_base = out[n];
            iov[n].iov_len = len;
            memset(&msgs[n].msg_hdr, 0, sizeof msgs[n].msg_hdr);
            msgs[n].msg_hdr.msg_iov = &iov[n];
            msgs[n].msg_hdr.msg_iovlen = 1;
            n++;
        }
        if (n == 0) n = 1; /* cannot happen: request i is due */
        long long stamp = nanos();
        for (int k = 0; k < n; k++) sent_at[i + k] = stamp;
        int sent = 0;
        while (sent < n) {
            int r = sendmmsg(fd, msgs + sent, n - sent, 0);
            if (r <= 0) break;
            sent += r;
        }
        i += n;
        if (single) receive_some(MSG_DONTWAIT);
    }
    if (single) {
        for (long long end = nanos() + 500000000LL; nanos() < end;) receive_some(MSG_DONTWAIT);
    } else {
        usleep(500000);
    }
    done = 1;
    if (!single) pthread_join(receiver, 0);
    if (stall_pid) pthread_join(watcher, 0);

    if (stall_pid) {
        long long window = 10000000, current = -1;
        long slow = 0;
        long long worst = 0;
        int r = 0, slow_windows = 0, explained = 0;
        for (long i = measured_from; i <= total; i++) {
            long long w = i < total ? sent_at[i] / window : -2;
            if (w != current) {
                if (current >= 0 && slow > 20) {
                    int near = 0;
                    for (; r < runs && run_start[r] < (current + 1) * window; r++)
                        if (run_start[r] >= (current - 1) * window) {
                            printf("  %.3f s  pid %d ran %.2f ms\n", run_start[r] / 1e9, stall_pid, run_ns[r] / 1e6);
                            near = 1;
                        }
                    printf("  %.3f s  %ld requests over 1 ms, worst %.1f ms\n", current * window / 1e9, slow, worst / 1e6);
                    slow_windows++;
                    explained += near;
                }
                current = w;
                slow = 0;
                worst = 0;
            }
            if (i == total) break;
            long long l = latency[i] ? latency[i] : 1000000000LL;
            if (l > 1000000) slow++;
            if (l > worst) worst = l;
        }
        long long cpu = 0;
        for (int k = 0; k < runs; k++) if (run_start[k] >= sent_at[measured_from]) cpu += run_ns[k];
        printf("pid %d ran %.1f ms while measuring; %d of %d slow 10 ms windows had it running in or just before them\n",
               stall_pid, cpu / 1e6, explained, slow_windows);
    }
    long n = 0, lost = 0;
    long long *v = malloc(total * sizeof *v);
    /* How late the probe itself sent: time a request waited in the probe is not the server's. */
    for (long i = measured_from; i < total; i++) v[n++] = sent_at[i] - due_of(i);
    qsort(v, n, sizeof *v, compare);
    long long late99 = v[n * 99 / 100], late_max = v[n - 1];
    n = 0;
    for (long i = measured_from; i < total; i++) {
        if (latency[i]) v[n++] = latency[i]; else lost++;
    }
    if (n == 0) { printf("no replies\n"); return 1; }
    qsort(v, n, sizeof *v, compare);
    printf("rate %ld/s tick %lld us%s: %ld replies, %ld lost; p50 %.1f us p90 %.1f p99 %.1f p99.9 %.1f max %.1f"
           " sent_late_p99 %.1f sent_late_max %.1f\n",
           rate, tick / 1000, single ? " one thread" : "", n, lost, v[n / 2] / 1e3, v[n * 9 / 10] / 1e3,
           v[n * 99 / 100] / 1e3, v[n * 999 / 1000] / 1e3, v[n - 1] / 1e3, late99 / 1e3, late_max / 1e3);
    return 0;
}
