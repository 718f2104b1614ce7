/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: --seccomp-learn FILE reads the profile already in FILE to add to it.
 * The input is written to a file and loaded as learn mode does at start.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hardinit/notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof(path), "/tmp/hardinit-fuzz-learned-%d.json", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    struct hi_notify *n = NULL;
    struct hi_error err = {0};
    if (hi_notify_new(HI_NOTIFY_LEARN, HI_REPORT_TEXT, path, NULL, &n, &err) == 0)
        hi_notify_free(n);
    else if (!err.msg[0])
        abort(); /* a rejection always says why */
    unlink(path);
    return 0;
}
