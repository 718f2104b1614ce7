/* SPDX-License-Identifier: MIT */
/*
 * probe_rusage.c - run commands and record what each run cost the child alone:
 *
 *     probe_rusage OUT.tsv ROUNDS RUNS NAME='CMD ARG...' ...
 *
 * Every command runs RUNS times per round, ROUNDS rounds, the order of the commands
 * rotated every round. Per run: wall time (CLOCK_MONOTONIC from fork to wait4), CPU time
 * (user + system from wait4's rusage) and peak RSS (ru_maxrss). A small C parent on
 * purpose: a child's ru_maxrss includes the memory image it was forked from, so the
 * spawner must be tiny (a Python parent puts a 10 MB floor under every number).
 * Commands are split on spaces; stdout goes to /dev/null.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8
#define MAX_ARGS 32

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc - 4 > MAX_CMDS) {
        fprintf(stderr, "usage: probe_rusage OUT.tsv ROUNDS RUNS NAME='CMD ARG...'...\n");
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    int rounds = atoi(argv[2]), runs = atoi(argv[3]), n = argc - 4;
    char *names[MAX_CMDS], *args[MAX_CMDS][MAX_ARGS];
    if (!out || rounds < 1 || runs < 1)
        return 2;
    for (int c = 0; c < n; c++) {
        char *eq = strchr(argv[4 + c], '=');
        if (!eq)
            return 2;
        *eq = '\0';
        names[c] = argv[4 + c];
        int k = 0;
        for (char *t = strtok(eq + 1, " "); t && k < MAX_ARGS - 1; t = strtok(NULL, " "))
            args[c][k++] = t;
        args[c][k] = NULL;
    }
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    fprintf(out, "name\tround\trun\twall_ms\tcpu_ms\tmaxrss_kb\texit\n");
    for (int r = 0; r < rounds; r++) {
        for (int j = 0; j < n; j++) {
            int c = (j + r) % n;
            for (int i = 0; i < runs; i++) {
                double t0 = now_ms();
                pid_t pid = fork();
                if (pid == 0) {
                    dup2(devnull, 1);
                    execv(args[c][0], args[c]);
                    _exit(127);
                }
                int status;
                struct rusage ru;
                if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
                    return 1;
                double wall = now_ms() - t0;
                double cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                             (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
                fprintf(out, "%s\t%d\t%d\t%.3f\t%.3f\t%ld\t%d\n", names[c], r, i, wall, cpu,
                        ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
            }
        }
    }
    fclose(out);
    return 0;
}
