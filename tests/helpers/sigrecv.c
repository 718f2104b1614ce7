/* SPDX-License-Identifier: MIT */
/*
 * sigrecv - test helper: prints "ready <pid>", then the number of every signal it
 * receives, one per line, flushed at once. Exits 0 on SIGUSR2 unless -n; with -i it
 * ignores SIGTERM (SIG_IGN, so hardinit's grace period must SIGKILL it).
 * Usage: sigrecv [-n] [-i]
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int exit_on_usr2 = 1;
    int ignore_term = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0)
            exit_on_usr2 = 0;
        else if (strcmp(argv[i], "-i") == 0)
            ignore_term = 1;
    }
    sigset_t all;
    sigfillset(&all);
    if (ignore_term) {
        signal(SIGTERM, SIG_IGN);
        sigdelset(&all, SIGTERM);
    }
    sigprocmask(SIG_BLOCK, &all, NULL);
    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&all, &si);
        if (sig < 0)
            continue;
        printf("%d\n", sig);
        fflush(stdout);
        if (sig == SIGUSR2 && exit_on_usr2)
            return 0;
    }
}
