/* SPDX-License-Identifier: MIT */
/*
 * cgload - test helper: load that cgroup limits must stop.
 *   cgload forkbomb    fork until fork fails; the children sleep and are left to the init;
 *                      prints "forked N, then <errno name>"; exits 3 on EAGAIN, else 1
 *   cgload alloc MB    allocate and touch MB mebibytes; prints "allocated" and exits 0
 *   cgload spin MS     spin for MS ms of wall time; prints the CPU time used, in ms
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int forkbomb(void)
{
    for (long n = 0; n < 100000; n++) {
        pid_t pid = fork();
        if (pid == 0) {
            sleep(60);
            _exit(0);
        }
        if (pid < 0) {
            int e = errno;
            printf("forked %ld, then %s\n", n, e == EAGAIN ? "EAGAIN" : strerror(e));
            /* _exit: no exit-time work (a sanitizer's leak check needs a pid; none is left) */
            _exit(e == EAGAIN ? 3 : 1);
        }
    }
    printf("forked 100000 without a failure\n");
    return 1;
}

static int alloc(long mb)
{
    for (long i = 0; i < mb; i++) {
        /* mmap, not malloc: the same pages under a sanitizer's allocator */
        char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            printf("mmap failed after %ld MiB\n", i);
            return 1;
        }
        memset(p, (int)i, 1 << 20);
    }
    printf("allocated\n");
    return 0;
}

static double now_ms(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static int spin(long ms)
{
    double start = now_ms(CLOCK_MONOTONIC);
    volatile unsigned long x = 0;
    while (now_ms(CLOCK_MONOTONIC) - start < (double)ms)
        for (int i = 0; i < 10000; i++)
            x++;
    printf("%.0f\n", now_ms(CLOCK_PROCESS_CPUTIME_ID));
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 2 && strcmp(argv[1], "forkbomb") == 0)
        return forkbomb();
    if (argc == 3 && strcmp(argv[1], "alloc") == 0)
        return alloc(strtol(argv[2], NULL, 10));
    if (argc == 3 && strcmp(argv[1], "spin") == 0)
        return spin(strtol(argv[2], NULL, 10));
    fprintf(stderr, "usage: cgload forkbomb | alloc MB | spin MS\n");
    return 2;
}
