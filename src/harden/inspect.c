/* SPDX-License-Identifier: MIT */
/*
 * inspect.c - `hardinit inspect [--json]`: the security posture of the calling process,
 * read from the kernel (/proc/self/status, /proc/self/mountinfo, /proc/self/cgroup,
 * getrlimit, statvfs). Tests run it as the app to see what the app really received.
 */
#include <errno.h>
#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include "hardinit/file.h"
#include "hardinit/harden.h"

static const int rlimit_order[] = {RLIMIT_AS,     RLIMIT_CORE,   RLIMIT_CPU,        RLIMIT_DATA,
                                   RLIMIT_FSIZE,  RLIMIT_LOCKS,  RLIMIT_MEMLOCK,    RLIMIT_MSGQUEUE,
                                   RLIMIT_NICE,   RLIMIT_NOFILE, RLIMIT_NPROC,      RLIMIT_RSS,
                                   RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK};

/* The value of "Key:" in /proc/self/status, or "" when absent. */
static void status_field(const char *status, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    buf[0] = '\0';
    for (const char *p = status; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
            const char *v = p + klen + 1;
            v += strspn(v, " \t");
            size_t len = strcspn(v, "\n");
            snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), v);
            return;
        }
    }
}

/* A /proc file as text, or NULL. */
static char *slurp(const char *path)
{
    char *text = NULL;
    return hi_read_file(path, 16 << 20, "inspect", &text, NULL, NULL) == 0 ? text : NULL;
}

static json_t *cap_list(const char *hex)
{
    json_t *arr = json_array();
    uint64_t mask = strtoull(hex, NULL, 16);
    for (int c = 0; c < 64; c++) {
        if ((mask >> c) & 1) {
            char name[48];
            snprintf(name, sizeof(name), "CAP_%s", hi_cap_name(c) ? hi_cap_name(c) : "?");
            json_array_append_new(arr, json_string(name));
        }
    }
    return arr;
}

static json_t *id_list(const char *s)
{
    json_t *arr = json_array();
    char *end;
    for (const char *p = s; *p;) {
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p)
            break;
        json_array_append_new(arr, json_integer((json_int_t)v));
        p = end;
    }
    return arr;
}

static json_t *limit_value(rlim_t v)
{
    return v == RLIM_INFINITY ? json_string("unlimited") : json_integer((json_int_t)v);
}

/* The n-th space-separated field of s (0-based), copied into buf; false when absent. */
static bool field(const char *s, int n, char *buf, size_t size)
{
    for (int i = 0; i < n; i++) {
        s = strchr(s, ' ');
        if (!s)
            return false;
        s++;
    }
    size_t len = strcspn(s, " ");
    if (len == 0 || len >= size)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return true;
}

/* tmpfs mounts from mountinfo: "id parent maj:min root mountpoint opts ... - fstype src sopts" */
static json_t *tmpfs_mounts(void)
{
    json_t *arr = json_array();
    char *info = slurp("/proc/self/mountinfo");
    for (char *line = info ? strtok(info, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char mnt[4096], opts[1024], fstype[64], sopts[1024];
        char *dash = strstr(line, " - ");
        if (!dash || !field(line, 4, mnt, sizeof(mnt)) || !field(line, 5, opts, sizeof(opts)) ||
            !field(dash + 3, 0, fstype, sizeof(fstype)) ||
            !field(dash + 3, 2, sopts, sizeof(sopts)) || strcmp(fstype, "tmpfs") != 0)
            continue;
        json_t *m = json_object();
        json_object_set_new(m, "path", json_string(mnt));
        char all[2100];
        snprintf(all, sizeof(all), "%s,%s", opts, sopts);
        json_object_set_new(m, "options", json_string(all));
        json_array_append_new(arr, m);
    }
    free(info);
    return arr;
}

/* The app's cgroup and the tightest limit on the way up ("unlimited" when none). */
static json_t *cgroup_limits(void)
{
    static const char *const modes[] = {"?", "legacy", "hybrid", "unified"};
    json_t *o = json_object();
    struct hi_cgroup_report rep;
    if (hi_cgroup_report(NULL, &rep) < 0)
        return o;
    json_object_set_new(o, "mode", json_string(modes[rep.mode <= 3 ? rep.mode : 0]));
    json_object_set_new(o, "path", json_string(rep.path));
    for (int l = 0; l < HI_CG_NLIMITS; l++) {
        char key[32];
        snprintf(key, sizeof(key), "%s", hi_cgroup_option_name((enum hi_cgroup_limit)l));
        for (char *p = key; *p; p++)
            *p = *p == '-' ? '_' : *p;
        json_t *v;
        if (!rep.known[l])
            v = json_string("n/a");
        else if (rep.value[l] == HI_CG_UNLIMITED)
            v = json_string("unlimited");
        else if (l == HI_CG_CPUS)
            v = json_real((double)rep.value[l] / 1000);
        else
            v = json_integer((json_int_t)rep.value[l]);
        json_object_set_new(o, key, v);
    }
    return o;
}

static json_t *posture(void)
{
    json_t *o = json_object();
    char *status = slurp("/proc/self/status");
    char v[512];

    json_t *caps = json_object();
    static const char *const sets[][2] = {{"effective", "CapEff"},
                                          {"permitted", "CapPrm"},
                                          {"inheritable", "CapInh"},
                                          {"bounding", "CapBnd"},
                                          {"ambient", "CapAmb"}};
    for (size_t i = 0; i < 5; i++) {
        status_field(status, sets[i][1], v, sizeof(v));
        json_object_set_new(caps, sets[i][0], cap_list(v));
    }
    json_object_set_new(o, "capabilities", caps);

    status_field(status, "NoNewPrivs", v, sizeof(v));
    json_object_set_new(o, "no_new_privs", json_boolean(strcmp(v, "1") == 0));
    json_t *sec = json_object();
    status_field(status, "Seccomp", v, sizeof(v));
    json_object_set_new(sec, "mode", json_integer(strtol(v, NULL, 10)));
    status_field(status, "Seccomp_filters", v, sizeof(v));
    json_object_set_new(sec, "filters", json_integer(strtol(v, NULL, 10)));
    json_object_set_new(o, "seccomp", sec);

    status_field(status, "Uid", v, sizeof(v));
    json_object_set_new(o, "uid", id_list(v));
    status_field(status, "Gid", v, sizeof(v));
    json_object_set_new(o, "gid", id_list(v));
    status_field(status, "Groups", v, sizeof(v));
    json_object_set_new(o, "groups", id_list(v));
    free(status);

    json_t *limits = json_object();
    for (size_t i = 0; i < sizeof(rlimit_order) / sizeof(rlimit_order[0]); i++) {
        struct rlimit rl;
        if (getrlimit(rlimit_order[i], &rl) < 0)
            continue;
        json_t *l = json_object();
        json_object_set_new(l, "soft", limit_value(rl.rlim_cur));
        json_object_set_new(l, "hard", limit_value(rl.rlim_max));
        json_object_set_new(limits, hi_rlimit_name(rlimit_order[i]), l);
    }
    json_object_set_new(o, "rlimits", limits);

    struct statvfs sv;
    json_object_set_new(o, "root_read_only",
                        json_boolean(statvfs("/", &sv) == 0 && (sv.f_flag & ST_RDONLY)));
    json_object_set_new(o, "tmpfs", tmpfs_mounts());

    char *cg = slurp("/proc/self/cgroup");
    json_t *cgroups = json_array();
    for (char *line = cg ? strtok(cg, "\n") : NULL; line; line = strtok(NULL, "\n"))
        json_array_append_new(cgroups, json_string(line));
    free(cg);
    json_object_set_new(o, "cgroup", cgroups);
    json_object_set_new(o, "cgroup_limits", cgroup_limits());
    return o;
}

/* One "key: value" line per scalar; arrays joined with spaces. */
static void print_text(const char *prefix, json_t *v)
{
    const char *key;
    json_t *item;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach(v, key, item)
        {
            char sub[256];
            snprintf(sub, sizeof(sub), "%s%s%s", prefix, *prefix ? "." : "", key);
            print_text(sub, item);
        }
        return;
    }
    printf("%s:", prefix);
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            if (json_is_object(item)) {
                json_t *p = json_object_get(item, "path"), *opt = json_object_get(item, "options");
                printf(" %s(%s)", json_string_value(p), json_string_value(opt));
            } else if (json_is_string(item)) {
                printf(" %s", json_string_value(item));
            } else {
                printf(" %" JSON_INTEGER_FORMAT, json_integer_value(item));
            }
        }
    } else if (json_is_string(v)) {
        printf(" %s", json_string_value(v));
    } else if (json_is_integer(v)) {
        printf(" %" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        printf(" %g", json_real_value(v));
    } else {
        printf(" %s", json_is_true(v) ? "yes" : "no");
    }
    printf("\n");
}

int hi_inspect_main(int argc, char **argv)
{
    bool as_json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            as_json = true;
        } else {
            fprintf(stderr,
                    "hardinit: inspect: unknown argument '%s' (usage: hardinit inspect "
                    "[--json])\n",
                    argv[i]);
            return 125;
        }
    }
    json_t *o = posture();
    if (as_json) {
        char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
    } else {
        print_text("", o);
    }
    json_decref(o);
    return fflush(stdout) == 0 ? 0 : 1;
}
