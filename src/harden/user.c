/* SPDX-License-Identifier: MIT */
/*
 * user.c - "--user USER[:GROUP]" against /etc/passwd and /etc/group, read as text: no NSS
 * (the binary is static and may be PID 1). Lines are "name:x:uid:gid:gecos:home:shell"
 * and "name:x:gid:member,member"; malformed lines are skipped, as getpwnam does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hardinit/harden.h"
#include "hardinit/parse.h"

#define MAX_FIELDS 7

/* Split one line (modified in place) at ':'; returns the number of fields. */
static size_t split_fields(char *line, char *fields[MAX_FIELDS])
{
    size_t n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < MAX_FIELDS; p++) {
        if (*p == ':') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

static bool parse_id(const char *s, uint64_t *ret)
{
    return hi_parse_uint(s, 0, UINT32_MAX - 1, ret) == 0;
}

/*
 * Call fn for each line of text (a copy of at most 4 KiB per line; longer lines are
 * skipped). fn returns true to stop.
 */
static void each_line(const char *text, bool (*fn)(char *line, void *ctx), void *ctx)
{
    if (!text)
        return;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        char line[4096];
        if (len < sizeof(line) && p[0] != '#') {
            memcpy(line, p, len);
            line[len] = '\0';
            if (fn(line, ctx))
                return;
        }
        p += len + (p[len] == '\n');
    }
}

struct pw_query {
    const char *name; /* by name, or */
    uint64_t uid;     /* by uid when name is NULL */
    bool found;
    struct hi_user *out;
};

static bool match_passwd(char *line, void *ctx)
{
    struct pw_query *q = ctx;
    char *f[MAX_FIELDS];
    uint64_t uid, gid;
    if (split_fields(line, f) < 7 || !parse_id(f[2], &uid) || !parse_id(f[3], &gid))
        return false;
    if (q->name ? strcmp(f[0], q->name) != 0 : uid != q->uid)
        return false;
    q->out->uid = (uid_t)uid;
    q->out->gid = (gid_t)gid;
    snprintf(q->out->name, sizeof(q->out->name), "%s", f[0]);
    snprintf(q->out->home, sizeof(q->out->home), "%s", *f[5] ? f[5] : "/");
    q->found = true;
    return true;
}

struct gr_query {
    const char *name; /* resolve this group name to gid_out, or */
    uint64_t gid;
    bool found;
    const char *member; /* collect the groups listing this member */
    struct hi_user *out;
};

static bool match_group(char *line, void *ctx)
{
    struct gr_query *q = ctx;
    char *f[MAX_FIELDS];
    uint64_t gid;
    if (split_fields(line, f) < 4 || !parse_id(f[2], &gid))
        return false;
    if (q->name) {
        if (strcmp(f[0], q->name) != 0)
            return false;
        q->gid = gid;
        q->found = true;
        return true;
    }
    for (char *m = f[3]; *m;) {
        size_t len = strcspn(m, ",");
        if (len == strlen(q->member) && strncmp(m, q->member, len) == 0) {
            struct hi_user *u = q->out;
            bool dup = false;
            for (size_t i = 0; i < u->n_groups; i++)
                dup = dup || u->groups[i] == (gid_t)gid;
            if (!dup && u->n_groups < HI_MAX_GROUPS)
                u->groups[u->n_groups++] = (gid_t)gid;
            break;
        }
        m += len + (m[len] == ',');
    }
    return false;
}

int hi_user_resolve(const char *spec, const char *passwd, const char *group, struct hi_user *ret,
                    struct hi_error *err)
{
    char user[HI_USER_MAX], grp[HI_USER_MAX] = "";
    const char *colon = strchr(spec, ':');
    size_t ulen = colon ? (size_t)(colon - spec) : strlen(spec);
    if (ulen == 0 || ulen >= sizeof(user) ||
        (colon && (!colon[1] || strlen(colon + 1) >= sizeof(grp))))
        return hi_error_set(err, EINVAL, "user", "'%s': expected USER[:GROUP]", spec);
    memcpy(user, spec, ulen);
    user[ulen] = '\0';
    if (colon)
        snprintf(grp, sizeof(grp), "%s", colon + 1);

    struct hi_user u = {.gid = 0};
    snprintf(u.home, sizeof(u.home), "/");
    uint64_t id;
    struct pw_query pq = {.out = &u};
    if (parse_id(user, &id)) {
        pq.uid = id;
        each_line(passwd, match_passwd, &pq);
        if (!pq.found) { /* a bare uid is allowed, as in docker: gid 0, home / */
            u.uid = (uid_t)id;
            snprintf(u.name, sizeof(u.name), "%s", user);
        }
    } else {
        pq.name = user;
        each_line(passwd, match_passwd, &pq);
        if (!pq.found)
            return hi_error_set(err, ENOENT, "user", "'%s': no such user in /etc/passwd", user);
    }

    if (grp[0]) {
        if (parse_id(grp, &id)) {
            u.gid = (gid_t)id;
        } else {
            struct gr_query gq = {.name = grp};
            each_line(group, match_group, &gq);
            if (!gq.found)
                return hi_error_set(err, ENOENT, "user", "'%s': no such group in /etc/group", grp);
            u.gid = (gid_t)gq.gid;
        }
    }
    /* Supplementary groups: the primary one, then every group naming the user (as initgroups). */
    u.groups[u.n_groups++] = u.gid;
    if (pq.found) {
        struct gr_query gq = {.member = u.name, .out = &u};
        each_line(group, match_group, &gq);
    }
    *ret = u;
    return 0;
}
