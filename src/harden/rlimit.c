/* SPDX-License-Identifier: MIT */
/* rlimit.c - "--rlimit NAME=SOFT[:HARD]" with docker's names (nofile, nproc, core, ...). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hardinit/harden.h"
#include "hardinit/parse.h"

static const struct {
    const char *name;
    int resource;
} rlimit_names[] = {
    {"as", RLIMIT_AS},           {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},
    {"data", RLIMIT_DATA},       {"fsize", RLIMIT_FSIZE},       {"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
    {"nofile", RLIMIT_NOFILE},   {"nproc", RLIMIT_NPROC},       {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},   {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING},
    {"stack", RLIMIT_STACK},
};

const char *hi_rlimit_name(int resource)
{
    for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++) {
        if (rlimit_names[i].resource == resource)
            return rlimit_names[i].name;
    }
    return NULL;
}

static int parse_value(const char *s, rlim_t *ret)
{
    if (strcasecmp(s, "unlimited") == 0 || strcmp(s, "-1") == 0) {
        *ret = RLIM_INFINITY;
        return 0;
    }
    uint64_t v;
    int r = hi_parse_uint(s, 0, RLIM_INFINITY - 1, &v);
    if (r == 0)
        *ret = (rlim_t)v;
    return r;
}

int hi_rlimit_parse(const char *s, struct hi_rlimit_opt *ret, const char *where,
                    struct hi_error *err)
{
    const char *eq = strchr(s, '=');
    if (!eq)
        return hi_error_set(err, EINVAL, where, "'%s': expected NAME=SOFT[:HARD]", s);
    size_t nlen = (size_t)(eq - s);
    int resource = -1;
    for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++) {
        if (strlen(rlimit_names[i].name) == nlen && strncasecmp(s, rlimit_names[i].name, nlen) == 0)
            resource = rlimit_names[i].resource;
    }
    if (resource < 0)
        return hi_error_set(err, EINVAL, where,
                            "'%s': unknown limit '%.*s' (nofile, nproc, core, ...)", s, (int)nlen,
                            s);

    char soft_s[32], hard_s[32];
    const char *colon = strchr(eq + 1, ':');
    size_t slen = colon ? (size_t)(colon - eq - 1) : strlen(eq + 1);
    const char *hard_src = colon ? colon + 1 : eq + 1;
    if (slen >= sizeof(soft_s) || strlen(hard_src) >= sizeof(hard_s))
        return hi_error_set(err, EINVAL, where, "'%s': value too long", s);
    memcpy(soft_s, eq + 1, slen);
    soft_s[slen] = '\0';
    snprintf(hard_s, sizeof(hard_s), "%s", hard_src);

    struct hi_rlimit_opt r = {.resource = resource};
    if (parse_value(soft_s, &r.soft) < 0 || parse_value(hard_s, &r.hard) < 0)
        return hi_error_set(err, EINVAL, where,
                            "'%s': expected a number or 'unlimited' for SOFT and HARD", s);
    if (r.soft > r.hard)
        return hi_error_set(err, EINVAL, where, "'%s': the soft limit is above the hard one", s);
    *ret = r;
    return 0;
}
