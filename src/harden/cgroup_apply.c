/* SPDX-License-Identifier: MIT */
/*
 * cgroup_apply.c - make the app's leaf cgroups, put the child in, count OOM kills, remove
 * them again.
 *
 * On v1 each controller gets its `app` below our cgroup in that hierarchy. On v2 a cgroup
 * with processes may not enable controllers for its children (EBUSY), so hardinit and
 * everyone else in its cgroup first move to a sibling leaf `init`; then the controllers are
 * enabled in cgroup.subtree_control and `app` gets the limits.
 *
 * libcgroup 2.0.2 is not used on this path: cgroup_init(), which every other call needs,
 * zeroes and faults in its 2.4 MB mount tables (8-12 ms per start measured here, against a
 * 2 ms budget), and its v1 create re-reads /proc/mounts per value and mkdir -p's every
 * ancestor. The mounts come from /proc/self/mountinfo, which the mount roots need anyway.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "hardinit/cleanup.h"
#include "hardinit/parse.h"

#define MOVE_ROUNDS 16 /* processes forking while we move them: try this often */

static bool exists(const char *dir, const char *file)
{
    char path[HI_CG_PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    return access(path, F_OK) == 0;
}

/* Write value into dir/file in one write(2). O_CREAT matters only off cgroupfs (tests). */
static int write_file(const char *dir, const char *file, const char *value)
{
    char path[HI_CG_PATH_MAX + 64];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    _cleanup_close_ int fd =
        open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return -errno;
    size_t len = strlen(value);
    ssize_t n = write(fd, value, len);
    if (n < 0)
        return -errno;
    return (size_t)n == len ? 0 : -EIO;
}

/* "--memory, --pids-limit": the options given, for messages. */
static void option_list(const struct hi_cgroup_opts *o, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int l = 0; l < HI_CG_NLIMITS && len < size; l++) {
        if (o->set[l])
            len += (size_t)snprintf(buf + len, size - len, "%s--%s", len ? ", " : "",
                                    hi_cgroup_option_name((enum hi_cgroup_limit)l));
    }
}

/* Pick the file each setting goes to in dir (CFQ's or BFQ's weight); drop absent optional
 * ones. Returns the new count, or -ENOENT with err naming the missing file. */
static int resolve(const char *dir, struct hi_cgroup_setting *s, size_t n, struct hi_error *err)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool has = exists(dir, s[i].file);
        if (!has && s[i].alt_file && exists(dir, s[i].alt_file)) {
            s[i].file = s[i].alt_file;
            memcpy(s[i].value, s[i].alt_value, sizeof(s[i].value));
        } else if (!has && s[i].if_present) {
            continue;
        } else if (!has) {
            return hi_error_set(err, ENOENT, hi_cg_step(s[i].limit),
                                "%s/%s%s%s does not exist (the kernel does not offer this limit)",
                                dir, s[i].file, s[i].alt_file ? " or " : "",
                                s[i].alt_file ? s[i].alt_file : "");
        }
        s[k++] = s[i];
    }
    return (int)k;
}

static void add_leaf(struct hi_cgroup *cg, const char *path, int version, bool memory)
{
    struct hi_cgroup_leaf *l = &cg->leaves[cg->n_leaves++];
    snprintf(l->path, sizeof(l->path), "%s", path);
    l->version = version;
    l->memory = memory;
}

/* Move every process of from/cgroup.procs into to/cgroup.procs, until none is left. */
static int move_all(const char *from, const char *to)
{
    char path[HI_CG_PATH_MAX + 64], line[32];
    snprintf(path, sizeof(path), "%s/cgroup.procs", from);
    for (int round = 0; round < MOVE_ROUNDS; round++) {
        FILE *f = fopen(path, "re");
        if (!f)
            return -errno;
        bool any = false;
        int r = 0;
        while (fgets(line, sizeof(line), f)) {
            line[strcspn(line, "\n")] = '\0';
            any = true;
            int w = write_file(to, "cgroup.procs", line);
            if (w < 0 && w != -ESRCH && r == 0)
                r = w;
        }
        fclose(f);
        if (r < 0)
            return r;
        if (!any)
            return 0;
    }
    return -EBUSY;
}

/* "+memory +pids" for the controllers the settings need that parent has not enabled. */
static int controllers_to_enable(const char *parent, const struct hi_cgroup_setting *s, size_t n,
                                 char *buf, size_t size, struct hi_error *err)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *c = s[i].controller;
        if (i > 0 && strcmp(s[i - 1].controller, c) == 0)
            continue; /* the settings of a controller come together */
        if (!hi_cg_file_lists(parent, "cgroup.controllers", c)) {
            char have[256];
            hi_cg_read_line(parent, "cgroup.controllers", have, sizeof(have));
            return hi_error_set(err, ENOENT, hi_cg_step(s[i].limit),
                                "the %s controller is not available in %s (cgroup.controllers: "
                                "'%s'; the runtime must delegate it)",
                                c, parent, have);
        }
        if (!hi_cg_file_lists(parent, "cgroup.subtree_control", c))
            len += (size_t)snprintf(buf + len, size - len, "%s+%s", len ? " " : "", c);
    }
    return 0;
}

/* The limits into the leaf's files, in the settings' order. */
static int write_settings(const char *app, const struct hi_cgroup_setting *s, size_t n,
                          struct hi_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int r = write_file(app, s[i].file, s[i].value);
        if (r < 0)
            return hi_error_errno(err, -r, hi_cg_step(s[i].limit), "writing '%s' to %s/%s",
                                  s[i].value, app, s[i].file);
    }
    return 0;
}

int hi_cgroup_create_v2(const char *parent, const struct hi_cgroup_setting *settings, size_t n,
                        struct hi_cgroup *cg, struct hi_error *err)
{
    /* libcgroup 2.0.2 gap: its v2 create writes +ctrl into every ancestor and leaves it */
    struct hi_cgroup_setting s[HI_CG_MAX_SETTINGS];
    char enable[64], init[HI_CG_PATH_MAX + 8], app[HI_CG_PATH_MAX + 8];
    memcpy(s, settings, n * sizeof(*s));
    snprintf(cg->v2_parent, sizeof(cg->v2_parent), "%s", parent);
    snprintf(init, sizeof(init), "%s/init", parent);
    snprintf(app, sizeof(app), "%s/app", parent);

    int r = controllers_to_enable(parent, s, n, enable, sizeof(enable), err);
    if (r < 0)
        return r;
    /* The real root has no cgroup.type and may hold processes and enable controllers. */
    bool root = !exists(parent, "cgroup.type");
    if (!root)
        r = resolve(parent, s, n, err);
    if (r < 0)
        return r;
    n = root ? n : (size_t)r;
    if (access(app, F_OK) == 0)
        return hi_error_set(err, EEXIST, "cgroup", "%s exists already (another hardinit here?)",
                            app);

    if (!root && enable[0]) {
        if (mkdir(init, 0755) < 0)
            return hi_error_errno(err, errno, "cgroup", "creating %s", init);
        cg->v2_init = true;
        r = move_all(parent, init);
        if (r < 0)
            return hi_error_errno(err, -r, "cgroup", "moving the processes of %s into %s", parent,
                                  init);
    }
    if (enable[0]) {
        /* A process forked into parent since the move makes this EBUSY: move, retry. */
        for (int i = 0; (r = write_file(parent, "cgroup.subtree_control", enable)) == -EBUSY &&
                        !root && i < MOVE_ROUNDS;
             i++)
            move_all(parent, init);
        if (r < 0)
            return hi_error_errno(err, -r, "cgroup", "writing '%s' to %s/cgroup.subtree_control",
                                  enable, parent);
        snprintf(cg->v2_enabled, sizeof(cg->v2_enabled), "%s", enable);
    }
    if (mkdir(app, 0755) < 0)
        return hi_error_errno(err, errno, "cgroup", "creating %s", app);
    bool memory = false;
    for (size_t i = 0; i < n; i++)
        memory = memory || strcmp(s[i].controller, "memory") == 0;
    add_leaf(cg, app, 2, memory);
    if (root && (r = resolve(app, s, n, err)) < 0)
        return r;
    n = root ? (size_t)r : n;
    return write_settings(app, s, n, err);
}

static int check_writable(const char *dir, const char *root, const struct hi_cgroup_opts *o,
                          struct hi_error *err)
{
    struct statvfs sv;
    if (statvfs(dir, &sv) < 0)
        return hi_error_errno(err, errno, "cgroup", "%s", dir);
    if (!(sv.f_flag & ST_RDONLY))
        return 0;
    char opts[128];
    option_list(o, opts, sizeof(opts));
    return hi_error_set(err, EROFS, "cgroup",
                        "%s is read-only; give the container a writable cgroup mount (e.g. a "
                        "cgroup namespace with rw), or drop %s",
                        root, opts);
}

/* One v1 controller's `app` below our cgroup in that hierarchy, with its values. */
static int create_v1(const struct hi_cg_host *h, const char *controller,
                     const struct hi_cgroup_setting *settings, size_t n, const char *root,
                     const struct hi_cgroup_opts *o, struct hi_cgroup *cg, struct hi_error *err)
{
    /* libcgroup 2.0.2 gap: cgroup_init() costs 8-12 ms per start here (see the top) */
    struct hi_cgroup_setting s[HI_CG_MAX_SETTINGS];
    memcpy(s, settings, n * sizeof(*s));
    const char *opt = hi_cg_step(s[0].limit);
    char mnt[HI_CG_PATH_MAX], dir[HI_CG_PATH_MAX], app[HI_CG_PATH_MAX + 8];
    int r = hi_cg_v1_dir(h, controller, dir, sizeof(dir), mnt, sizeof(mnt));
    if (r == -ENOENT)
        return hi_error_set(err, ENOENT, opt, "the %s controller is not mounted", controller);
    if (r < 0)
        return hi_error_errno(err, -r, opt, "finding our %s cgroup", controller);
    if ((r = check_writable(mnt, root, o, err)) < 0 || (r = resolve(dir, s, n, err)) < 0)
        return r;
    n = (size_t)r;
    snprintf(app, sizeof(app), "%s/app", dir);
    if (mkdir(app, 0755) < 0)
        return hi_error_errno(err, errno, "cgroup", "creating %s%s", app,
                              errno == EEXIST ? " (another hardinit here?)" : "");
    add_leaf(cg, app, 1, strcmp(controller, "memory") == 0);
    return write_settings(app, s, n, err);
}

/* Which version each setting goes to: in hybrid mode, where its controller lives. */
static int split(const struct hi_cg_host *h, const struct hi_cgroup_opts *o, const char *v2_dir,
                 struct hi_cgroup_setting *s1, size_t *n1, struct hi_cgroup_setting *s2, size_t *n2,
                 struct hi_error *err)
{
    struct hi_cgroup_setting a1[HI_CG_MAX_SETTINGS], a2[HI_CG_MAX_SETTINGS];
    int c1 = hi_cgroup_settings(o, 1, a1, err);
    int c2 = c1 < 0 ? c1 : hi_cgroup_settings(o, 2, a2, err);
    if (c2 < 0)
        return c2;
    *n1 = *n2 = 0;
    /* settings come in limit order in both lists: walk them side by side */
    for (int i = 0, j = 0; i < c1 || j < c2;) {
        enum hi_cgroup_limit l = i < c1 ? a1[i].limit : a2[j].limit;
        bool v2 = h->mode == HI_CGROUP_UNIFIED ||
                  (h->mode == HI_CGROUP_HYBRID && v2_dir[0] && j < c2 &&
                   hi_cg_file_lists(v2_dir, "cgroup.controllers", a2[j].controller));
        for (; i < c1 && a1[i].limit == l; i++) {
            if (!v2)
                s1[(*n1)++] = a1[i];
        }
        for (; j < c2 && a2[j].limit == l; j++) {
            if (v2)
                s2[(*n2)++] = a2[j];
        }
    }
    return 0;
}

static int create(const struct hi_cgroup_opts *o, const struct hi_cg_host *h, struct hi_cgroup *cg,
                  struct hi_error *err)
{
    char v2_dir[HI_CG_PATH_MAX] = "";
    if (h->mode != HI_CGROUP_LEGACY && hi_cg_v2_dir(h, v2_dir, sizeof(v2_dir)) < 0 &&
        h->mode == HI_CGROUP_UNIFIED)
        return hi_error_set(err, ENOENT, "cgroup", "no '0::' line in /proc/self/cgroup");
    struct hi_cgroup_setting s1[HI_CG_MAX_SETTINGS], s2[HI_CG_MAX_SETTINGS];
    size_t n1, n2;
    int r = split(h, o, v2_dir, s1, &n1, s2, &n2, err);
    if (r < 0)
        return r;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (o->set[HI_CG_CPUS] && cpus > 0 && o->value[HI_CG_CPUS] > (uint64_t)cpus * 1000)
        return hi_error_set(err, ERANGE, "--cpus", "%.3f: there are only %ld CPUs",
                            (double)o->value[HI_CG_CPUS] / 1000, cpus);

    if (n2 > 0 && ((r = check_writable(v2_dir, h->root, o, err)) < 0 ||
                   (r = hi_cgroup_create_v2(v2_dir, s2, n2, cg, err)) < 0))
        return r;
    /* one leaf per controller: the settings of a controller come together */
    for (size_t i = 0, k; i < n1; i = k) {
        for (k = i; k < n1 && strcmp(s1[k].controller, s1[i].controller) == 0;)
            k++;
        if ((r = create_v1(h, s1[i].controller, s1 + i, k - i, h->root, o, cg, err)) < 0)
            return r;
    }
    return 0;
}

int hi_cgroup_create(const struct hi_cgroup_opts *o, const struct hi_cgroup_env *env,
                     struct hi_cgroup *ret, struct hi_error *err)
{
    struct hi_cgroup cg = {0};
    if (!hi_cgroup_wanted(o)) {
        *ret = cg;
        return 0;
    }
    struct hi_cg_host h;
    int r = hi_cg_load_env(env, &h, err);
    if (r < 0)
        return r;
    cg.mode = h.mode;
    r = create(o, &h, &cg, err);
    hi_cg_host_free(&h);
    if (r < 0) {
        hi_cgroup_remove(&cg, NULL);
        return r;
    }
    *ret = cg;
    return 0;
}

int hi_cgroup_place(const struct hi_cgroup *cg, pid_t pid, struct hi_error *err)
{
    /* libcgroup 2.0.2 gap: v1 attach writes `tasks` (one thread); cgroup.procs moves all */
    char buf[16];
    snprintf(buf, sizeof(buf), "%d", (int)pid);
    for (size_t i = 0; i < cg->n_leaves; i++) {
        int r = write_file(cg->leaves[i].path, "cgroup.procs", buf);
        if (r < 0)
            return hi_error_errno(err, -r, "cgroup", "moving the app into %s", cg->leaves[i].path);
    }
    return 0;
}

uint64_t hi_cgroup_oom_kills(const struct hi_cgroup *cg)
{
    for (size_t i = 0; i < cg->n_leaves; i++) {
        const struct hi_cgroup_leaf *l = &cg->leaves[i];
        if (l->memory)
            return hi_cg_read_key(l->path, l->version == 2 ? "memory.events" : "memory.oom_control",
                                  "oom_kill");
    }
    return 0;
}

/* SIGKILL whatever is still in dir (v2: cgroup.kill takes the whole subtree at once). */
static void kill_all(const char *dir)
{
    if (exists(dir, "cgroup.kill") && write_file(dir, "cgroup.kill", "1") == 0)
        return;
    char path[HI_CG_PATH_MAX + 64], line[32];
    snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
    FILE *f = fopen(path, "re");
    while (f && fgets(line, sizeof(line), f)) {
        uint64_t pid;
        line[strcspn(line, "\n")] = '\0';
        if (hi_parse_uint(line, 2, INT32_MAX, &pid) == 0)
            kill((pid_t)pid, SIGKILL);
    }
    if (f)
        fclose(f);
}

/* rmdir, killing what is left and waiting for it to go (at most about a second). */
static int remove_dir(const char *dir)
{
    for (int i = 0; i < 100; i++) {
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY)
            return -errno;
        kill_all(dir);
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    }
    return -EBUSY;
}

int hi_cgroup_remove(struct hi_cgroup *cg, struct hi_error *err)
{
    int first = 0;
    for (size_t i = cg->n_leaves; i-- > 0;) {
        int r = remove_dir(cg->leaves[i].path);
        if (r < 0 && first == 0)
            first = hi_error_errno(err, -r, "cgroup", "removing %s", cg->leaves[i].path);
    }
    cg->n_leaves = 0;
    if (cg->v2_enabled[0]) {
        for (char *p = cg->v2_enabled; *p; p++)
            *p = *p == '+' ? '-' : *p;
        int r = write_file(cg->v2_parent, "cgroup.subtree_control", cg->v2_enabled);
        if (r < 0 && first == 0)
            first = hi_error_errno(err, -r, "cgroup", "writing '%s' to %s/cgroup.subtree_control",
                                   cg->v2_enabled, cg->v2_parent);
        cg->v2_enabled[0] = '\0';
    }
    if (cg->v2_init) {
        char init[HI_CG_PATH_MAX + 8];
        snprintf(init, sizeof(init), "%s/init", cg->v2_parent);
        /* never remove_dir(): whatever is in init now (hardinit first) must not be killed */
        int r = move_all(init, cg->v2_parent);
        if (r == 0 && rmdir(init) < 0 && errno != ENOENT)
            r = -errno;
        if (r < 0 && first == 0)
            first = hi_error_errno(err, -r, "cgroup", "removing %s", init);
        cg->v2_init = false;
    }
    return first;
}
