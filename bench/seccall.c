/* SPDX-License-Identifier: MIT */
/*
 * seccall - the run-time cost of a seccomp filter: nanoseconds per system call, for
 * calls the filter lets through without looking (getpid: the kernel's action cache
 * answers), calls it evaluates on their arguments (the personality query, socket), and
 * a call it denies (acct). Run it under each filter and compare with no filter.
 *
 *     seccall [-n CALLS] [-r ROUNDS]
 *
 * Prints one line per call: NAME MEDIAN_NS MIN_NS (per call, over the rounds). Every
 * call's result is checked, so a filter that changes an answer is seen, not timed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct call {
    const char *name;
    long nr;
    long a0, a1, a2;
    int want_errno; /* 0: must succeed */
};

static const struct call calls[] = {
    {"getpid", SYS_getpid, 0, 0, 0, 0},
    {"personality-query", SYS_personality, 0xffffffffL, 0, 0, 0},
    {"socket-bad-protocol", SYS_socket, AF_UNIX, SOCK_STREAM, 99, EPROTONOSUPPORT},
    {"acct-denied", SYS_acct, 0, 0, 0, EPERM},
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long n = 200000, rounds = 15;
    int c;
    while ((c = getopt(argc, argv, "n:r:")) != -1) {
        if (c == 'n')
            n = strtol(optarg, NULL, 10);
        else if (c == 'r')
            rounds = strtol(optarg, NULL, 10);
        else
            return 2;
    }
    if (n < 1 || rounds < 1 || rounds > 1000)
        return 2;
    double *ns = calloc((size_t)rounds, sizeof(*ns));
    if (!ns)
        return 1;
    for (size_t k = 0; k < sizeof(calls) / sizeof(calls[0]); k++) {
        const struct call *cl = &calls[k];
        errno = 0;
        long r = syscall(cl->nr, cl->a0, cl->a1, cl->a2);
        if (cl->want_errno ? r != -1 || errno != cl->want_errno : r == -1) {
            fprintf(stderr, "seccall: %s: got %ld (%s), want %s\n", cl->name, r,
                    r == -1 ? "error" : "success", cl->want_errno ? "an error" : "success");
            return 1;
        }
        for (long i = 0; i < rounds; i++) {
            uint64_t t0 = now_ns();
            for (long j = 0; j < n; j++)
                syscall(cl->nr, cl->a0, cl->a1, cl->a2);
            ns[i] = (double)(now_ns() - t0) / (double)n;
        }
        qsort(ns, (size_t)rounds, sizeof(*ns), cmp);
        printf("%s %.1f %.1f\n", cl->name, ns[rounds / 2], ns[0]);
    }
    free(ns);
    return 0;
}
