/* SPDX-License-Identifier: MIT */
/*
 * cgroup.c - the limits as options, their v1 and v2 files, the mode of the host and our own
 * place in it; and what `hardinit inspect` reports. Creating and removing the cgroups is in
 * cgroup_apply.c.
 */
#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/parse.h"

/* The one table: each option, its controller and file on v1 and on v2. */
static const struct limit_def {
    const char *option;
    const char *v1_controller, *v1_file, *v1_alt; /* alt: BFQ's weight when CFQ's is absent */
    const char *v2_controller, *v2_file, *v2_alt;
} limits[HI_CG_NLIMITS] = {
    [HI_CG_CPU_WEIGHT] = {"cpu-weight", "cpu", "cpu.shares", NULL, "cpu", "cpu.weight", NULL},
    [HI_CG_CPUS] = {"cpus", "cpu", "cpu.cfs_quota_us", NULL, "cpu", "cpu.max", NULL},
    [HI_CG_IO_WEIGHT] = {"io-weight", "blkio", "blkio.weight", "blkio.bfq.weight", "io",
                         "io.weight", "io.bfq.weight"},
    [HI_CG_MEMORY] = {"memory", "memory", "memory.limit_in_bytes", NULL, "memory", "memory.max",
                      NULL},
    [HI_CG_MEMORY_SWAP] = {"memory-swap", "memory", "memory.memsw.limit_in_bytes", NULL, "memory",
                           "memory.swap.max", NULL},
    [HI_CG_PIDS] = {"pids-limit", "pids", "pids.max", NULL, "pids", "pids.max", NULL},
};

const char *hi_cgroup_option_name(enum hi_cgroup_limit limit)
{
    return limit < HI_CG_NLIMITS ? limits[limit].option : "?";
}

const char *hi_cg_step(enum hi_cgroup_limit limit)
{
    static const char *const steps[HI_CG_NLIMITS] = {
        [HI_CG_CPU_WEIGHT] = "--cpu-weight",   [HI_CG_CPUS] = "--cpus",
        [HI_CG_IO_WEIGHT] = "--io-weight",     [HI_CG_MEMORY] = "--memory",
        [HI_CG_MEMORY_SWAP] = "--memory-swap", [HI_CG_PIDS] = "--pids-limit",
    };
    return limit < HI_CG_NLIMITS ? steps[limit] : "cgroup";
}

bool hi_cgroup_wanted(const struct hi_cgroup_opts *o)
{
    for (int i = 0; i < HI_CG_NLIMITS; i++) {
        if (o->set[i])
            return true;
    }
    return false;
}

/* "256m", "1g", "512MiB", "1048576": bytes (docker's units, any case). */
static int parse_bytes(const char *s, uint64_t *ret)
{
    static const char units[] = "bkmgt";
    size_t digits = strspn(s, "0123456789");
    if (digits == 0 || digits > 20)
        return -EINVAL;
    const char *u = s + digits;
    unsigned shift = 0;
    if (*u) {
        const char *p = strchr(units, *u | 0x20);
        if (!p)
            return -EINVAL;
        shift = 10 * (unsigned)(p - units);
        u++;
        if (shift && (*u | 0x20) == 'i')
            u++;
        if (shift && (*u | 0x20) == 'b')
            u++;
        if (*u)
            return -EINVAL;
    }
    char num[24];
    memcpy(num, s, digits);
    num[digits] = '\0';
    uint64_t v;
    int r = hi_parse_uint(num, 0, (UINT64_MAX >> 2) >> shift, &v);
    if (r == 0)
        *ret = v << shift;
    return r;
}

/* "0.5", "2", "1.25": thousandths of a CPU, at most three decimals. */
static int parse_cpus(const char *s, uint64_t *ret)
{
    size_t ip = strspn(s, "0123456789");
    if (ip == 0 || ip > 7)
        return -EINVAL;
    uint64_t v = 0;
    for (size_t i = 0; i < ip; i++)
        v = v * 10 + (uint64_t)(s[i] - '0');
    v *= 1000;
    const char *f = s + ip;
    if (*f == '.') {
        size_t fp = strspn(++f, "0123456789");
        if (fp == 0 || fp > 3 || f[fp])
            return -EINVAL;
        uint64_t scale = 100;
        for (size_t i = 0; i < fp; i++, scale /= 10)
            v += (uint64_t)(f[i] - '0') * scale;
    } else if (*f) {
        return -EINVAL;
    }
    *ret = v;
    return 0;
}

int hi_cgroup_parse(enum hi_cgroup_limit limit, const char *value, struct hi_cgroup_opts *o,
                    const char *where, struct hi_error *err)
{
    uint64_t v;
    switch (limit) {
    case HI_CG_MEMORY:
    case HI_CG_MEMORY_SWAP:
        if (limit == HI_CG_MEMORY_SWAP && strcmp(value, "-1") == 0) {
            v = HI_CG_UNLIMITED;
            break;
        }
        if (parse_bytes(value, &v) < 0)
            return hi_error_set(err, EINVAL, where, "'%s': expected a size (e.g. 512m, 2g)%s",
                                value, limit == HI_CG_MEMORY_SWAP ? " or -1" : "");
        if (v < HI_CG_MIN_MEMORY)
            return hi_error_set(err, ERANGE, where, "'%s': the minimum is 6m", value);
        break;
    case HI_CG_CPUS:
        if (parse_cpus(value, &v) < 0 || v < 10 || v > 1024000)
            return hi_error_set(err, EINVAL, where,
                                "'%s': expected a number of CPUs from 0.01 (e.g. 0.5, 2)", value);
        break;
    case HI_CG_CPU_WEIGHT:
    case HI_CG_IO_WEIGHT:
        if (hi_parse_uint(value, 1, 10000, &v) < 0)
            return hi_error_set(err, EINVAL, where, "'%s': expected a weight 1-10000 (default 100)",
                                value);
        break;
    case HI_CG_PIDS:
        if (hi_parse_uint(value, 1, 4194304, &v) < 0)
            return hi_error_set(err, EINVAL, where,
                                "'%s': expected a number of processes 1-4194304", value);
        break;
    default:
        return hi_error_set(err, EINVAL, where, "not a cgroup limit");
    }
    o->set[limit] = true;
    o->value[limit] = v;
    return 0;
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static struct hi_cgroup_setting *add(struct hi_cgroup_setting *out, size_t *n,
                                     enum hi_cgroup_limit limit, int version, uint64_t v)
{
    const struct limit_def *d = &limits[limit];
    struct hi_cgroup_setting *s = &out[(*n)++];
    *s = (struct hi_cgroup_setting){
        .controller = version == 1 ? d->v1_controller : d->v2_controller,
        .file = version == 1 ? d->v1_file : d->v2_file,
        .alt_file = version == 1 ? d->v1_alt : d->v2_alt,
        .limit = limit,
    };
    snprintf(s->value, sizeof(s->value), "%llu", (unsigned long long)v);
    return s;
}

int hi_cgroup_settings(const struct hi_cgroup_opts *o, int version,
                       struct hi_cgroup_setting out[HI_CG_MAX_SETTINGS], struct hi_error *err)
{
    const uint64_t *v = o->value;
    const bool *set = o->set;
    const bool v1 = version == 1;
    size_t n = 0;
    struct hi_cgroup_setting *s;
    if (set[HI_CG_MEMORY_SWAP] && !set[HI_CG_MEMORY])
        return hi_error_set(err, EINVAL, "--memory-swap", "needs --memory as well (docker's rule)");
    if (set[HI_CG_MEMORY_SWAP] && v[HI_CG_MEMORY_SWAP] != HI_CG_UNLIMITED &&
        v[HI_CG_MEMORY_SWAP] < v[HI_CG_MEMORY])
        return hi_error_set(err, EINVAL, "--memory-swap",
                            "%llu bytes is below --memory (%llu): it counts memory plus swap",
                            (unsigned long long)v[HI_CG_MEMORY_SWAP],
                            (unsigned long long)v[HI_CG_MEMORY]);

    if (set[HI_CG_MEMORY])
        add(out, &n, HI_CG_MEMORY, version, v[HI_CG_MEMORY]);
    if (set[HI_CG_MEMORY_SWAP] && v[HI_CG_MEMORY_SWAP] == HI_CG_UNLIMITED) {
        s = add(out, &n, HI_CG_MEMORY_SWAP, version, 0);
        snprintf(s->value, sizeof(s->value), "%s", v1 ? "-1" : "max");
    } else if (set[HI_CG_MEMORY_SWAP]) {
        /* v1 counts memory plus swap, v2 swap alone */
        uint64_t total = v[HI_CG_MEMORY_SWAP];
        add(out, &n, HI_CG_MEMORY_SWAP, version, v1 ? total : total - v[HI_CG_MEMORY]);
    } else if (set[HI_CG_MEMORY]) {
        /* docker: without --memory-swap, as much swap as memory, where swap is accounted */
        add(out, &n, HI_CG_MEMORY_SWAP, version, v1 ? 2 * v[HI_CG_MEMORY] : v[HI_CG_MEMORY])
            ->if_present = true;
    }
    if (set[HI_CG_CPUS]) {
        uint64_t quota = v[HI_CG_CPUS] * HI_CG_CPU_PERIOD_US / 1000;
        if (v1) {
            add(out, &n, HI_CG_CPUS, 1, HI_CG_CPU_PERIOD_US)->file = "cpu.cfs_period_us";
            add(out, &n, HI_CG_CPUS, 1, quota);
        } else {
            s = add(out, &n, HI_CG_CPUS, 2, 0);
            snprintf(s->value, sizeof(s->value), "%llu %llu", (unsigned long long)quota,
                     (unsigned long long)HI_CG_CPU_PERIOD_US);
        }
    }
    if (set[HI_CG_CPU_WEIGHT]) {
        /* systemd's mapping: weight 100 (v2's default) is 1024 shares (v1's default) */
        uint64_t w = v[HI_CG_CPU_WEIGHT];
        add(out, &n, HI_CG_CPU_WEIGHT, version, v1 ? clamp(w * 1024 / 100, 2, 262144) : w);
    }
    if (set[HI_CG_PIDS])
        add(out, &n, HI_CG_PIDS, version, v[HI_CG_PIDS]);
    if (set[HI_CG_IO_WEIGHT]) {
        /* blkio.weight is 10-1000 with 500 the default; BFQ's weights are 1-1000, 100 */
        uint64_t w = v[HI_CG_IO_WEIGHT], bfq = clamp(w, 1, 1000);
        s = add(out, &n, HI_CG_IO_WEIGHT, version, v1 ? clamp(w * 5, 10, 1000) : w);
        if (!v1)
            snprintf(s->value, sizeof(s->value), "default %llu", (unsigned long long)w);
        snprintf(s->alt_value, sizeof(s->alt_value), v1 ? "%llu" : "default %llu",
                 (unsigned long long)bfq);
    }
    return (int)n;
}

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

enum hi_cgroup_mode hi_cgroup_mode_of(long root_fstype, long unified_fstype)
{
    if (root_fstype == CGROUP2_SUPER_MAGIC)
        return HI_CGROUP_UNIFIED;
    if (unified_fstype == CGROUP2_SUPER_MAGIC)
        return HI_CGROUP_HYBRID;
    return HI_CGROUP_LEGACY;
}

int hi_cg_detect_mode(const char *root, enum hi_cgroup_mode *ret, struct hi_error *err)
{
    /* libcgroup 2.0.2 gap: no mode detection; statfs as runc and crun do */
    struct statfs root_fs, unified_fs;
    char unified[HI_CG_PATH_MAX];
    if (statfs(root, &root_fs) < 0)
        return hi_error_errno(err, errno, "cgroup", "%s", root);
    snprintf(unified, sizeof(unified), "%s/unified", root);
    long unified_type = statfs(unified, &unified_fs) == 0 ? (long)unified_fs.f_type : 0;
    /* anything else (tmpfs, or a plain sysfs directory) holds v1 mounts, if any */
    *ret = hi_cgroup_mode_of((long)root_fs.f_type, unified_type);
    return 0;
}

/* Does the comma-separated list name item? */
static bool list_has(const char *list, size_t len, const char *item)
{
    size_t ilen = strlen(item);
    for (const char *p = list; p < list + len;) {
        size_t l = strcspn(p, ",");
        if (l > (size_t)(list + len - p))
            l = (size_t)(list + len - p);
        if (l == ilen && strncmp(p, item, ilen) == 0)
            return true;
        p += l + 1;
    }
    return false;
}

int hi_cgroup_own_path(const char *text, const char *controller, char *buf, size_t size)
{
    /* libcgroup 2.0.2 gap: it parses only "N:ctrl:/path", never the v2 "0::/path" */
    for (const char *line = text; line && *line;) {
        const char *end = strchrnul(line, '\n');
        const char *c1 = memchr(line, ':', (size_t)(end - line));
        const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
        if (c2) {
            size_t clen = (size_t)(c2 - c1 - 1);
            bool match = controller ? list_has(c1 + 1, clen, controller)
                                    : clen == 0 && c1 - line == 1 && line[0] == '0';
            if (match) {
                size_t plen = (size_t)(end - c2 - 1);
                if (plen == 0 || c2[1] != '/')
                    return -EINVAL;
                if (plen >= size)
                    return -ENAMETOOLONG;
                memcpy(buf, c2 + 1, plen);
                buf[plen] = '\0';
                return 0;
            }
        }
        line = *end ? end + 1 : NULL;
    }
    return -ENOENT;
}

/*
 * The directory of our cgroup under mount point mnt: our path less the mount's own root
 * (a container without a cgroup namespace sees its cgroup mounted at /sys/fs/cgroup/<c>,
 * while /proc/self/cgroup still says /docker/<id>).
 */
int hi_cg_own_dir(const char *mountinfo, const char *mnt, const char *own, char *buf, size_t size)
{
    const char *rel = own;
    for (const char *line = mountinfo; line && *line;) {
        const char *end = strchrnul(line, '\n');
        /* "id parent maj:min root mountpoint ..." */
        const char *f = line;
        for (int i = 0; i < 3 && f && f < end; i++) {
            f = memchr(f, ' ', (size_t)(end - f));
            f = f ? f + 1 : NULL;
        }
        const char *root_end = f ? memchr(f, ' ', (size_t)(end - f)) : NULL;
        const char *mp = root_end ? root_end + 1 : NULL;
        const char *mp_end = mp ? memchr(mp, ' ', (size_t)(end - mp)) : NULL;
        size_t mlen = strlen(mnt);
        if (mp_end && (size_t)(mp_end - mp) == mlen && strncmp(mp, mnt, mlen) == 0) {
            size_t rlen = (size_t)(root_end - f);
            bool below = rlen > 1 && strncmp(own, f, rlen) == 0 && (!own[rlen] || own[rlen] == '/');
            rel = below ? own + rlen : own;
        }
        line = *end ? end + 1 : NULL;
    }
    int n = snprintf(buf, size, "%s%s", mnt, strcmp(rel, "/") == 0 ? "" : rel);
    return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* The n-th space-separated field of [line, end), or NULL. */
static const char *nth_field(const char *line, const char *end, int n, size_t *ret_len)
{
    const char *f = line;
    for (int i = 0; i < n && f; i++) {
        f = memchr(f, ' ', (size_t)(end - f));
        f = f ? f + 1 : NULL;
    }
    if (!f || f >= end)
        return NULL;
    const char *e = memchr(f, ' ', (size_t)(end - f));
    *ret_len = (size_t)((e ? e : end) - f);
    return f;
}

int hi_cg_v1_mount(const char *mountinfo, const char *controller, char *buf, size_t size)
{
    /* "id parent maj:min root mountpoint opts [tags] - cgroup source rw,memory" */
    for (const char *line = mountinfo; line && *line;) {
        const char *end = strchrnul(line, '\n');
        const char *dash = strstr(line, " - ");
        size_t tlen, olen, mlen;
        const char *type = dash && dash < end ? nth_field(dash + 3, end, 0, &tlen) : NULL;
        const char *opts = type ? nth_field(dash + 3, end, 2, &olen) : NULL;
        const char *mp = opts ? nth_field(line, end, 4, &mlen) : NULL;
        if (mp && tlen == 6 && strncmp(type, "cgroup", 6) == 0 &&
            list_has(opts, olen, controller)) {
            if (mlen >= size)
                return -ENAMETOOLONG;
            memcpy(buf, mp, mlen);
            buf[mlen] = '\0';
            return 0;
        }
        line = *end ? end + 1 : NULL;
    }
    return -ENOENT;
}

int hi_cg_v1_dir(const struct hi_cg_host *h, const char *controller, char *buf, size_t size,
                 char *ret_mnt, size_t mnt_size)
{
    char own[HI_CG_PATH_MAX];
    int r = hi_cg_v1_mount(h->mountinfo, controller, ret_mnt, mnt_size);
    if (r == 0)
        r = hi_cgroup_own_path(h->proc_cgroup, controller, own, sizeof(own));
    return r < 0 ? r : hi_cg_own_dir(h->mountinfo, ret_mnt, own, buf, size);
}

/* A small cgroup file's first line, or "" (read errors, absent files). */
void hi_cg_read_line(const char *dir, const char *file, char *buf, size_t size)
{
    char path[HI_CG_PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    buf[0] = '\0';
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    if (!fgets(buf, (int)size, f))
        buf[0] = '\0';
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
}

/* The value of "key N" in a flat-keyed file (memory.events, memory.oom_control). */
uint64_t hi_cg_read_key(const char *dir, const char *file, const char *key)
{
    char path[HI_CG_PATH_MAX + 64], line[128];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "re");
    uint64_t v = 0;
    size_t klen = strlen(key);
    while (f && fgets(line, sizeof(line), f)) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
            line[strcspn(line, "\n")] = '\0';
            if (hi_parse_uint(line + klen + 1, 0, UINT64_MAX, &v) < 0)
                v = 0;
            break;
        }
    }
    if (f)
        fclose(f);
    return v;
}

int hi_cg_load_env(const struct hi_cgroup_env *env, struct hi_cg_host *ret, struct hi_error *err)
{
    struct hi_cg_host h = {.root = env && env->root ? env->root : "/sys/fs/cgroup"};
    const char *pc = env && env->proc_cgroup ? env->proc_cgroup : "/proc/self/cgroup";
    const char *mi = env && env->mountinfo ? env->mountinfo : "/proc/self/mountinfo";
    int r = env && env->mode ? (h.mode = env->mode, 0) : hi_cg_detect_mode(h.root, &h.mode, err);
    if (r < 0)
        return r;
    r = hi_read_file(pc, 1 << 20, "cgroup", &h.proc_cgroup, NULL, err);
    if (r == 0)
        r = hi_read_file(mi, 16 << 20, "cgroup", &h.mountinfo, NULL, err);
    if (r < 0) {
        hi_cg_host_free(&h);
        return r;
    }
    *ret = h;
    return 0;
}

void hi_cg_host_free(struct hi_cg_host *h)
{
    free(h->proc_cgroup);
    free(h->mountinfo);
    h->proc_cgroup = h->mountinfo = NULL;
}

int hi_cg_v2_dir(const struct hi_cg_host *h, char *buf, size_t size)
{
    char own[HI_CG_PATH_MAX], mnt[HI_CG_PATH_MAX];
    int r = hi_cgroup_own_path(h->proc_cgroup, NULL, own, sizeof(own));
    if (r < 0)
        return r;
    snprintf(mnt, sizeof(mnt), "%s%s", h->root, h->mode == HI_CGROUP_HYBRID ? "/unified" : "");
    return hi_cg_own_dir(h->mountinfo, mnt, own, buf, size);
}

/* Does the space-separated list in dir/file name word? */
bool hi_cg_file_lists(const char *dir, const char *file, const char *word)
{
    char line[512];
    hi_cg_read_line(dir, file, line, sizeof(line));
    size_t wlen = strlen(word);
    for (const char *p = line; *p;) {
        size_t l = strcspn(p, " ");
        if (l == wlen && strncmp(p, word, wlen) == 0)
            return true;
        p += l + (p[l] != '\0');
    }
    return false;
}

/* --- hardinit inspect: the tightest limit on the way up from the caller's cgroup */

static uint64_t read_limit(const char *dir, enum hi_cgroup_limit l, int version, bool *known)
{
    char line[96];
    const struct limit_def *d = &limits[l];
    hi_cg_read_line(dir, version == 1 ? d->v1_file : d->v2_file, line, sizeof(line));
    if (!line[0] && (version == 1 ? d->v1_alt : d->v2_alt))
        hi_cg_read_line(dir, version == 1 ? d->v1_alt : d->v2_alt, line, sizeof(line));
    if (!line[0])
        return HI_CG_UNLIMITED;
    *known = true;
    const char *p = strncmp(line, "default ", 8) == 0 ? line + 8 : line;
    uint64_t v;
    if (strncmp(p, "max", 3) == 0 || strcmp(p, "-1") == 0)
        return HI_CG_UNLIMITED;
    if (l == HI_CG_CPUS && version == 1) {
        char period[32];
        uint64_t per;
        hi_cg_read_line(dir, "cpu.cfs_period_us", period, sizeof(period));
        if (hi_parse_uint(line, 0, UINT64_MAX, &v) < 0 ||
            hi_parse_uint(period, 1, UINT64_MAX, &per) < 0)
            return HI_CG_UNLIMITED;
        return v * 1000 / per;
    }
    if (l == HI_CG_CPUS) {
        char *sp = strchr(line, ' ');
        uint64_t per;
        if (!sp || (*sp = '\0', hi_parse_uint(line, 0, UINT64_MAX, &v)) < 0 ||
            hi_parse_uint(sp + 1, 1, UINT64_MAX, &per) < 0)
            return HI_CG_UNLIMITED;
        return v * 1000 / per;
    }
    if (hi_parse_uint(p, 0, UINT64_MAX, &v) < 0)
        return HI_CG_UNLIMITED;
    if (version == 1 && l == HI_CG_CPU_WEIGHT)
        return clamp(v * 100 / 1024, 1, 10000);
    if (version == 1 && (l == HI_CG_MEMORY || l == HI_CG_MEMORY_SWAP) && v >= (UINT64_MAX >> 2))
        return HI_CG_UNLIMITED; /* v1 says "unlimited" with a huge page-aligned number */
    return v;
}

static bool is_weight(enum hi_cgroup_limit l)
{
    return l == HI_CG_CPU_WEIGHT || l == HI_CG_IO_WEIGHT;
}

int hi_cgroup_report(const struct hi_cgroup_env *env, struct hi_cgroup_report *ret)
{
    struct hi_cg_host h;
    int r = hi_cg_load_env(env, &h, NULL);
    if (r < 0)
        return r;
    struct hi_cgroup_report rep = {.mode = h.mode};
    for (int l = 0; l < HI_CG_NLIMITS; l++) {
        rep.value[l] = HI_CG_UNLIMITED;
        const struct limit_def *d = &limits[l];
        char dir[HI_CG_PATH_MAX], mnt[HI_CG_PATH_MAX];
        int version = 2;
        if (h.mode == HI_CGROUP_UNIFIED ||
            (h.mode == HI_CGROUP_HYBRID && hi_cg_v2_dir(&h, dir, sizeof(dir)) == 0 &&
             hi_cg_file_lists(dir, "cgroup.controllers", d->v2_controller))) {
            if (hi_cg_v2_dir(&h, dir, sizeof(dir)) < 0)
                continue;
            snprintf(mnt, sizeof(mnt), "%s%s", h.root,
                     h.mode == HI_CGROUP_HYBRID ? "/unified" : "");
        } else {
            version = 1;
            if (hi_cg_v1_dir(&h, d->v1_controller, dir, sizeof(dir), mnt, sizeof(mnt)) < 0)
                continue;
        }
        if (!rep.path[0] || l == HI_CG_MEMORY)
            snprintf(rep.path, sizeof(rep.path), "%s", dir);
        /* walk up to the mount point: the tightest value counts (weights: our own) */
        size_t mlen = strlen(mnt);
        for (;;) {
            bool known = false;
            uint64_t v = read_limit(dir, (enum hi_cgroup_limit)l, version, &known);
            if (known && !rep.known[l])
                rep.value[l] = v;
            else if (known && v < rep.value[l] && !is_weight((enum hi_cgroup_limit)l))
                rep.value[l] = v;
            rep.known[l] = rep.known[l] || known;
            char *slash = strrchr(dir, '/');
            if (is_weight((enum hi_cgroup_limit)l) || strlen(dir) <= mlen || !slash ||
                (size_t)(slash - dir) < mlen)
                break;
            *slash = '\0';
        }
        /* no file up to the root (pids.max is not in a root cgroup): no limit */
        rep.known[l] = rep.known[l] || !is_weight((enum hi_cgroup_limit)l);
    }
    hi_cg_host_free(&h);
    *ret = rep;
    return 0;
}
