/* SPDX-License-Identifier: MIT */
/*
 * siglat - signal-forwarding latency through an init (bench helper, not a test).
 *
 * Driver:  siglat [-n SAMPLES] [-g GAP_US] [-o RAWFILE] -- INIT [ARGS...] -- siglat --child
 *   Starts the given command line (an init running "siglat --child" below it) as its
 *   own plain child (the init is NOT PID 1 and not in a new PID namespace), waits for
 *   the child's "ready" byte, then SAMPLES times: takes CLOCK_MONOTONIC, kill(init,
 *   SIGUSR1), blocks until the child reports the CLOCK_MONOTONIC at which it received
 *   the signal, records (t_child - t_send), sleeps GAP_US. One signal is in flight at a
 *   time, so nothing coalesces. Then SIGTERM to the init (forwarded, ends the child) and
 *   waitpid. Prints "n N p50_us X p90_us X p99_us X max_us X mean_us X" on stdout and,
 *   with -o, every sample in nanoseconds, one per line, appended to RAWFILE.
 *   With "--" followed directly by "siglat --child" (no init) it measures the direct
 *   kill -> sigwaitinfo hop, the baseline.
 *
 * Child:   siglat --child
 *   Blocks SIGUSR1, writes its pid (4 bytes) to the fd named by $SIGLAT_FD (a pipe inherited
 *   from the driver through the init), then loops: sigwaitinfo(SIGUSR1), read the clock,
 *   write the 8-byte timestamp. SIGTERM keeps its default action.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* 0 on success, -1 on EOF or error. */
static int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int child_main(void)
{
    const char *s = getenv("SIGLAT_FD");
    if (!s) {
        fprintf(stderr, "siglat --child: SIGLAT_FD is not set\n");
        return 2;
    }
    int fd = atoi(s);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
        perror("siglat --child: sigprocmask");
        return 2;
    }
    int32_t ready = (int32_t)getpid();
    if (write_all(fd, &ready, sizeof(ready)) < 0) {
        perror("siglat --child: write");
        return 2;
    }
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig < 0) {
            if (errno == EINTR)
                continue;
            perror("siglat --child: sigwaitinfo");
            return 2;
        }
        uint64_t t = now_ns();
        if (write_all(fd, &t, sizeof(t)) < 0)
            return 0; /* the driver is gone */
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static double pct_us(const uint64_t *v, size_t n, double p)
{
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)v[rank - 1] / 1000.0;
}

static void usage(void)
{
    fprintf(stderr, "usage: siglat [-n SAMPLES] [-g GAP_US] [-o RAWFILE] -- COMMAND...\n"
                    "       siglat --child\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--child") == 0)
        return child_main();

    long samples = 1000, gap_us = 500;
    const char *raw = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "+n:g:o:")) != -1) {
        switch (opt) {
        case 'n':
            samples = atol(optarg);
            break;
        case 'g':
            gap_us = atol(optarg);
            break;
        case 'o':
            raw = optarg;
            break;
        default:
            usage();
        }
    }
    if (optind >= argc || samples < 1 || gap_us < 0)
        usage();
    char **cmd = argv + optind;

    int p[2];
    if (pipe(p) < 0) {
        perror("pipe");
        return 2;
    }
    char fdbuf[16];
    snprintf(fdbuf, sizeof(fdbuf), "%d", p[1]);
    setenv("SIGLAT_FD", fdbuf, 1);

    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        close(p[0]);
        execvp(cmd[0], cmd);
        perror(cmd[0]);
        _exit(127);
    }
    close(p[1]);

    int rc = 0;
    uint64_t *lat = calloc((size_t)samples, sizeof(*lat));
    int32_t child = 0; /* the measured process, below the init */
    if (!lat || read_all(p[0], &child, sizeof(child)) < 0) {
        fprintf(stderr, "siglat: the child never became ready\n");
        rc = 1;
        goto out;
    }
    struct timespec gap = {.tv_sec = gap_us / 1000000, .tv_nsec = (gap_us % 1000000) * 1000};
    for (long i = 0; i < samples; i++) {
        uint64_t t0 = now_ns(), t1;
        if (kill(pid, SIGUSR1) < 0) {
            perror("siglat: kill");
            rc = 1;
            goto out;
        }
        if (read_all(p[0], &t1, sizeof(t1)) < 0) {
            fprintf(stderr, "siglat: the child went away after %ld samples\n", i);
            rc = 1;
            goto out;
        }
        lat[i] = t1 - t0;
        if (gap_us > 0)
            nanosleep(&gap, NULL);
    }

    if (raw) {
        FILE *f = fopen(raw, "a");
        if (!f) {
            perror(raw);
            rc = 1;
            goto out;
        }
        for (long i = 0; i < samples; i++)
            fprintf(f, "%llu\n", (unsigned long long)lat[i]);
        fclose(f);
    }
    double sum = 0;
    for (long i = 0; i < samples; i++)
        sum += (double)lat[i];
    qsort(lat, (size_t)samples, sizeof(*lat), cmp_u64);
    size_t n = (size_t)samples;
    printf("n %zu p50_us %.1f p90_us %.1f p99_us %.1f max_us %.1f mean_us %.1f\n", n,
           pct_us(lat, n, 50), pct_us(lat, n, 90), pct_us(lat, n, 99), (double)lat[n - 1] / 1000.0,
           sum / (double)n / 1000.0);

out:
    /* SIGTERM is forwarded by every init (and ends the child when run directly). */
    kill(pid, SIGTERM);
    close(p[0]);
    /* Give it 5 s, then SIGKILL both the init and the child: leave nothing behind. */
    for (int i = 0;; i++) {
        int status;
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (i == 500) {
            fprintf(stderr, "siglat: '%s' did not exit on SIGTERM; killing it\n", cmd[0]);
            if (child > 0)
                kill(child, SIGKILL);
            kill(pid, SIGKILL);
            rc = 1;
        }
        usleep(10000);
    }
    free(lat);
    return rc;
}
