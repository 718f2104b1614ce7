/* SPDX-License-Identifier: MIT */
/*
 * cgsteps - where the start-up cost of cgroup limits goes, inside hardinit's own code:
 * hi_cgroup_create() (mode, own cgroup, mkdir, values), hi_cgroup_place() (the child's move
 * into app) and hi_cgroup_oom_kills() + hi_cgroup_remove(), for --memory 256m
 * --pids-limit 100 --cpus 1. Prints the median of each over N starts (default 200).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hardinit/cgroup.h"

#define MAX_N 2000

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (n < 1 || n > MAX_N)
        return 2;
    struct hi_cgroup_opts o = {0};
    hi_cgroup_parse(HI_CG_MEMORY, "256m", &o, "", NULL);
    hi_cgroup_parse(HI_CG_PIDS, "100", &o, "", NULL);
    hi_cgroup_parse(HI_CG_CPUS, "1", &o, "", NULL);
    static double create[MAX_N], place[MAX_N], removal[MAX_N];
    for (int i = 0; i < n; i++) {
        struct hi_cgroup cg;
        struct hi_error err = {0};
        double t0 = now_ms();
        if (hi_cgroup_create(&o, NULL, &cg, &err) < 0) {
            fprintf(stderr, "cgsteps: %s: %s\n", err.step, err.msg);
            return 1;
        }
        double t1 = now_ms();
        pid_t pid = fork();
        if (pid == 0) {
            pause();
            _exit(0);
        }
        double t2 = now_ms();
        int r = hi_cgroup_place(&cg, pid, &err);
        double t3 = now_ms();
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        double t4 = now_ms();
        hi_cgroup_oom_kills(&cg);
        hi_cgroup_remove(&cg, &err);
        double t5 = now_ms();
        if (r < 0) {
            fprintf(stderr, "cgsteps: %s: %s\n", err.step, err.msg);
            return 1;
        }
        create[i] = t1 - t0, place[i] = t3 - t2, removal[i] = t5 - t4;
        usleep(10000); /* like separate starts, not a burst */
    }
    printf("create %.3f place %.3f remove %.3f\n", median(create, n), median(place, n),
           median(removal, n));
    return 0;
}
