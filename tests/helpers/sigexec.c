/* SPDX-License-Identifier: MIT */
/*
 * sigexec - test helper: exec a command with some signals blocked and some ignored.
 * Usage: sigexec BLOCK_LIST IGNORE_LIST COMMAND [ARG...]   (lists: "10,15" or "-")
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void each(const char *list, void (*fn)(int))
{
    if (strcmp(list, "-") == 0)
        return;
    char *copy = strdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        fn(atoi(t));
    free(copy);
}

static sigset_t block;
static void add_block(int sig)
{
    sigaddset(&block, sig);
}
static void add_ignore(int sig)
{
    signal(sig, SIG_IGN);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: sigexec BLOCK IGNORE COMMAND [ARG...]\n");
        return 2;
    }
    sigemptyset(&block);
    each(argv[1], add_block);
    each(argv[2], add_ignore);
    sigprocmask(SIG_SETMASK, &block, NULL);
    execvp(argv[3], argv + 3);
    perror("sigexec: exec");
    return 127;
}
