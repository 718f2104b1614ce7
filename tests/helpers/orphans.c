/* SPDX-License-Identifier: MIT */
/*
 * orphans - test and bench helper: make N orphans and wait until they are reaped.
 *
 * Each round forks a child that forks a grandchild and exits at once; the grandchild
 * exits too, orphaned, so the init above us must reap it. Then we poll /proc until no
 * zombie is left (or the timeout passes) and print "zombies <n> elapsed_ms <t>".
 * Exit 0 when no zombie is left.
 * Usage: orphans N [TIMEOUT_S]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int count_zombies(void)
{
    DIR *d = opendir("/proc");
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char path[300], buf[512];
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[len] = '\0';
        char *p = strrchr(buf, ')');
        if (p && p[1] == ' ' && p[2] == 'Z')
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    long n = atol(argv[1]);
    double timeout_ms = (argc > 2 ? atof(argv[2]) : 60) * 1000;
    double start = now_ms();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0) {
            if (fork() == 0)
                _exit(0);
            _exit(0);
        }
        while (waitpid(pid, NULL, 0) < 0)
            ;
    }
    int z;
    while ((z = count_zombies()) > 0 && now_ms() - start < timeout_ms)
        usleep(2000);
    printf("zombies %d elapsed_ms %.1f\n", z, now_ms() - start);
    return z == 0 ? 0 : 1;
}
