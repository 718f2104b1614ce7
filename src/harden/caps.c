/* SPDX-License-Identifier: MIT */
/*
 * caps.c - capability names and lists: "NET_BIND_SERVICE", "cap_chown", "CAP_KILL",
 * comma-separated, case-insensitive, "ALL" where allowed (docker's --cap-drop ALL).
 * libcap-ng knows the names; the masks are plain 64-bit sets (bit N = capability N).
 */
#include <cap-ng.h>
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "hardinit/harden.h"

const char *hi_cap_name(int cap)
{
    static char names[64][32];
    if (cap < 0 || cap > 63)
        return NULL;
    if (!names[cap][0]) {
        const char *n = capng_capability_to_name((unsigned)cap);
        if (!n)
            return NULL;
        size_t i = 0;
        for (; n[i] && i + 1 < sizeof(names[cap]); i++)
            names[cap][i] = (char)toupper((unsigned char)n[i]);
        names[cap][i] = '\0';
    }
    return names[cap];
}

static int cap_by_name(const char *name)
{
    /* libcap-ng wants "net_bind_service": strip "CAP_" ourselves (FACTS: it does not). */
    if (strncasecmp(name, "CAP_", 4) == 0)
        name += 4;
    if (!*name)
        return -EINVAL;
    for (const char *p = name; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_')
            return -EINVAL;
    }
    char lower[32];
    size_t n = strlen(name);
    if (n >= sizeof(lower))
        return -EINVAL;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)name[i]);
    int cap = capng_name_to_capability(lower);
    return cap >= 0 && cap < 64 ? cap : -EINVAL;
}

int hi_caps_parse_list(const char *list, bool allow_all, bool *ret_all, uint64_t *ret_mask,
                       const char *where, struct hi_error *err)
{
    uint64_t mask = 0;
    bool all = false;
    if (!*list || list[strlen(list) - 1] == ',')
        return hi_error_set(err, EINVAL, where, "'%s': bad capability list", list);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        char name[48];
        if (len == 0 || len >= sizeof(name))
            return hi_error_set(err, EINVAL, where, "'%s': bad capability list", list);
        memcpy(name, p, len);
        name[len] = '\0';
        p += len + (p[len] == ',');
        if (strcasecmp(name, "ALL") == 0) {
            if (!allow_all)
                return hi_error_set(err, EINVAL, where, "ALL cannot be added (name each one)");
            all = true;
            continue;
        }
        int cap = cap_by_name(name);
        if (cap < 0)
            return hi_error_set(err, EINVAL, where, "unknown capability '%s'", name);
        mask |= 1ULL << cap;
    }
    *ret_all = *ret_all || all;
    *ret_mask |= mask;
    return 0;
}
