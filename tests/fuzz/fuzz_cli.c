/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the command line and environment of all three dialects. The input
 * is split at NUL bytes; the first byte picks the personality, words up to an empty word
 * are argv, the words after it the environment.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    static const char *const names[] = {"hardinit", "dumb-init", "tini"};
    char *buf = malloc(size);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';

    char *argv[MAX_WORDS + 2], *envp[MAX_WORDS + 1];
    int argc = 0, envc = 0;
    argv[argc++] = (char *)names[data[0] % 3];
    bool in_env = false;
    for (char *p = buf; p < buf + size - 1 && argc < MAX_WORDS && envc < MAX_WORDS;
         p += strlen(p) + 1) {
        if (!*p && !in_env)
            in_env = true;
        else if (in_env)
            envp[envc++] = p;
        else
            argv[argc++] = p;
    }
    argv[argc] = NULL;
    envp[envc] = NULL;

    struct hi_config cfg;
    struct hi_error err = {0};
    enum hi_cli_action a = hi_cli_parse(argc, argv, envp, &cfg, &err);
    if (a == HI_CLI_RUN && (!cfg.argv || !cfg.argv[0]))
        abort(); /* a run always has a command */
    if (a == HI_CLI_USAGE && !err.step[0])
        abort(); /* a rejection always names its step */
    free(buf);
    return 0;
}
