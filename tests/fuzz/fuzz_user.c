/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: /etc/passwd and /etc/group parsing (the image's files are untrusted
 * input). The input is "SPEC\0PASSWD\0GROUP".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/harden.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 3);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = buf[size + 2] = '\0';
    const char *spec = buf;
    const char *passwd = spec + strlen(spec) + 1;
    const char *group = passwd <= buf + size ? passwd + strlen(passwd) + 1 : buf + size + 2;
    struct hi_user u;
    struct hi_error err = {0};
    if (hi_user_resolve(spec, passwd, group, &u, &err) == 0) {
        if (u.n_groups == 0 || u.n_groups > HI_MAX_GROUPS || u.groups[0] != u.gid)
            abort();
    } else if (!err.msg[0]) {
        abort();
    }
    free(buf);
    return 0;
}
