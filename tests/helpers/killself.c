/* SPDX-License-Identifier: MIT */
/* killself - test helper: die of signal N (default disposition, unblocked). */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    int sig = atoi(argv[1]);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    kill(getpid(), sig);
    pause();
    return 3;
}
