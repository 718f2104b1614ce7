/* SPDX-License-Identifier: MIT */
/*
 * mounts.c - "--tmpfs PATH[:OPTS]" with docker's option syntax, and "--read-only": a bind
 * remount of / that keeps the flags the kernel has locked on it. Applied by the parent,
 * before the fork, in the mount namespace hardinit runs in (the container's): tmpfs first,
 * then / read-only, so the tmpfs mounts stay writable (a bind remount changes one mount).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hardinit/harden.h"
#include "hardinit/parse.h"

/* "64m", "100k", "1g", "4096": bytes. */
static int parse_size(const char *s, uint64_t *ret)
{
    static const struct {
        char unit;
        unsigned shift;
    } units[] = {{'k', 10}, {'m', 20}, {'g', 30}};
    size_t len = strlen(s);
    if (len == 0 || len > 20)
        return -EINVAL;
    char num[24];
    memcpy(num, s, len + 1);
    unsigned shift = 0;
    char last = (char)(num[len - 1] | 0x20); /* at most one unit, any case */
    for (size_t i = 0; i < 3; i++) {
        if (last == units[i].unit) {
            shift = units[i].shift;
            num[--len] = '\0';
            break;
        }
    }
    uint64_t v;
    int r = hi_parse_uint(num, 1, UINT64_MAX >> shift, &v);
    if (r == 0)
        *ret = v << shift;
    return r;
}

static int parse_option(struct hi_tmpfs_opt *t, const char *opt)
{
    static const struct {
        const char *name;
        unsigned long set, clear;
    } flags[] = {
        {"rw", 0, MS_RDONLY},     {"ro", MS_RDONLY, 0},   {"exec", 0, MS_NOEXEC},
        {"noexec", MS_NOEXEC, 0}, {"suid", 0, MS_NOSUID}, {"nosuid", MS_NOSUID, 0},
        {"dev", 0, MS_NODEV},     {"nodev", MS_NODEV, 0}, {"noatime", MS_NOATIME, 0},
        {"atime", 0, MS_NOATIME},
    };
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        if (strcmp(opt, flags[i].name) == 0) {
            t->flags = (t->flags | flags[i].set) & ~flags[i].clear;
            return 0;
        }
    }
    uint64_t v;
    if (strncmp(opt, "size=", 5) == 0)
        return parse_size(opt + 5, &t->size);
    if (strncmp(opt, "mode=", 5) == 0) {
        const char *p = opt + 5;
        if (!*p || strspn(p, "01234567") != strlen(p) || strlen(p) > 4)
            return -EINVAL;
        t->mode = strtol(p, NULL, 8);
        return 0;
    }
    if (strncmp(opt, "uid=", 4) == 0 || strncmp(opt, "gid=", 4) == 0) {
        int r = hi_parse_uint(opt + 4, 0, UINT32_MAX - 1, &v);
        if (r < 0)
            return r;
        *(opt[0] == 'u' ? &t->uid : &t->gid) = (long)v;
        return 0;
    }
    return -EINVAL;
}

int hi_tmpfs_parse(const char *s, struct hi_tmpfs_opt *ret, const char *where, struct hi_error *err)
{
    /* docker's defaults; the options given refine them. */
    struct hi_tmpfs_opt t = {
        .flags = MS_NOSUID | MS_NODEV | MS_NOEXEC,
        .size = HI_DEFAULT_TMPFS_SIZE,
        .mode = -1,
        .uid = -1,
        .gid = -1,
    };
    const char *colon = strchr(s, ':');
    size_t plen = colon ? (size_t)(colon - s) : strlen(s);
    if (plen == 0 || s[0] != '/')
        return hi_error_set(err, EINVAL, where, "'%s': expected an absolute PATH[:OPTIONS]", s);
    if (plen >= sizeof(t.path))
        return hi_error_set(err, ENAMETOOLONG, where, "'%.40s...': path too long", s);
    memcpy(t.path, s, plen);
    t.path[plen] = '\0';
    if (strstr(t.path, "/../") || (plen >= 3 && strcmp(t.path + plen - 3, "/..") == 0))
        return hi_error_set(err, EINVAL, where, "'%s': no '..' in the path", t.path);

    const char *opts = colon ? colon + 1 : "";
    if (*opts && opts[strlen(opts) - 1] == ',')
        return hi_error_set(err, EINVAL, where, "'%s': bad option list", s);
    for (const char *p = opts; *p;) {
        size_t len = strcspn(p, ",");
        char opt[64];
        if (len == 0 || len >= sizeof(opt))
            return hi_error_set(err, EINVAL, where, "'%s': bad option list", s);
        memcpy(opt, p, len);
        opt[len] = '\0';
        if (parse_option(&t, opt) < 0)
            return hi_error_set(err, EINVAL, where,
                                "'%s': bad option '%s' (rw ro exec noexec suid nosuid dev "
                                "nodev size=N[kmg] mode=OCTAL uid=N gid=N)",
                                s, opt);
        p += len + (p[len] == ',');
    }
    *ret = t;
    return 0;
}

/* mkdir -p, 0755; an existing non-directory is an error. */
static int make_dirs(const char *path)
{
    char buf[HI_PATH_MAX];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return -errno;
        *p = saved;
        if (saved == '\0')
            break;
    }
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

static int mount_tmpfs(const struct hi_tmpfs_opt *t, struct hi_error *err)
{
    int r = make_dirs(t->path);
    if (r < 0)
        return hi_error_errno(err, -r, "tmpfs", "%s: creating the mount point", t->path);

    char data[HI_TMPFS_DATA];
    size_t len = 0;
    data[0] = '\0';
    if (t->size)
        len += (size_t)snprintf(data + len, sizeof(data) - len, "size=%llu,",
                                (unsigned long long)t->size);
    if (t->mode >= 0)
        len += (size_t)snprintf(data + len, sizeof(data) - len, "mode=%lo,", t->mode);
    if (t->uid >= 0)
        len += (size_t)snprintf(data + len, sizeof(data) - len, "uid=%ld,", t->uid);
    if (t->gid >= 0)
        len += (size_t)snprintf(data + len, sizeof(data) - len, "gid=%ld,", t->gid);
    if (len > 0)
        data[len - 1] = '\0';

    if (mount("tmpfs", t->path, "tmpfs", t->flags, data) < 0) {
        int e = errno;
        return hi_error_set(err, e, "tmpfs", "mount %s: %s%s", t->path, strerror(e),
                            e == EPERM ? " (needs CAP_SYS_ADMIN)" : "");
    }
    return 0;
}

/*
 * statvfs's ST_* agree with MS_* for most flags but not relatime and nosymfollow (FACTS):
 * map each one explicitly.
 */
static unsigned long locked_flags(const struct statvfs *sv)
{
    static const struct {
        unsigned long st, ms;
    } map[] = {
        {ST_NOSUID, MS_NOSUID},
        {ST_NODEV, MS_NODEV},
        {ST_NOEXEC, MS_NOEXEC},
        {ST_SYNCHRONOUS, MS_SYNCHRONOUS},
        {ST_MANDLOCK, MS_MANDLOCK},
        {ST_NOATIME, MS_NOATIME},
        {ST_NODIRATIME, MS_NODIRATIME},
        {0x1000 /* ST_RELATIME */, MS_RELATIME},
        {0x2000 /* ST_NOSYMFOLLOW */, 256 /* MS_NOSYMFOLLOW */},
    };
    unsigned long ms = 0;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (sv->f_flag & map[i].st)
            ms |= map[i].ms;
    }
    return ms;
}

static int remount_root_ro(struct hi_error *err)
{
    struct statvfs sv;
    if (statvfs("/", &sv) < 0)
        return hi_error_errno(err, errno, "read-only", "statvfs /");
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | locked_flags(&sv);
    if (mount(NULL, "/", NULL, flags, NULL) < 0) {
        int e = errno;
        return hi_error_set(err, e, "read-only", "remount /: %s%s", strerror(e),
                            e == EPERM ? " (needs CAP_SYS_ADMIN; run the container with it, "
                                         "or drop --read-only)"
                                       : "");
    }
    return 0;
}

/* The initial PID namespace has a fixed inode number (PROC_PID_INIT_INO). */
#define PID_NS_INIT_INO 0xEFFFFFFCU

/* Are the mount namespaces of /proc/self and /proc/PID the same? -errno when unknown. */
static int same_mount_ns(pid_t pid)
{
    char path[64];
    struct stat self, other;
    snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
    if (stat("/proc/self/ns/mnt", &self) < 0 || stat(path, &other) < 0)
        return -errno;
    return self.st_dev == other.st_dev && self.st_ino == other.st_ino;
}

/*
 * In the machine's initial PID namespace, hardinit mounts only in a mount namespace of
 * its own: one that differs from PID 1's or, where PID 1's cannot be read, from its
 * parent's (unshare --mount, a container's own). Otherwise it runs on a host, where
 * --read-only would make the host's root read-only: refuse. A container's PID 1 (or any
 * process in a PID namespace of its own) is not asked.
 */
static int check_not_host(struct hi_error *err)
{
    struct stat pidns;
    if (stat("/proc/self/ns/pid", &pidns) < 0 || pidns.st_ino != PID_NS_INIT_INO)
        return 0;
    int same = same_mount_ns(1);
    if (same < 0)
        same = same_mount_ns(getppid());
    if (same == 0)
        return 0;
    return hi_error_set(err, EPERM, "mounts",
                        "refusing to change the host's mounts: hardinit runs in the initial PID "
                        "namespace without a mount namespace of its own (run it as a "
                        "container's PID 1, or under unshare --mount)");
}

int hi_harden_check_mounts(const struct hi_plan *plan, struct hi_error *err)
{
    if (plan->n_tmpfs == 0 && !plan->read_only)
        return 0;
    int r = check_not_host(err);
    if (r < 0)
        return r;
    /* mount(2) needs CAP_SYS_ADMIN in our user namespace, in the effective set. */
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct caps[2];
    if (syscall(SYS_capget, &hdr, caps) < 0)
        return hi_error_errno(err, errno, "mounts", "capget");
    if (!(caps[CAP_SYS_ADMIN / 32].effective & (1U << (CAP_SYS_ADMIN % 32))))
        return hi_error_set(err, EPERM, "mounts",
                            "--read-only and --tmpfs need CAP_SYS_ADMIN (give the container "
                            "--cap-add SYS_ADMIN; the app does not keep it)");
    return 0;
}

int hi_harden_apply_mounts(const struct hi_plan *plan, struct hi_error *err)
{
    if (plan->n_tmpfs == 0 && !plan->read_only)
        return 0;
    int r = check_not_host(err);
    if (r < 0)
        return r;
    for (size_t i = 0; i < plan->n_tmpfs; i++) {
        r = mount_tmpfs(&plan->tmpfs[i], err);
        if (r < 0)
            return r;
    }
    if (plan->read_only)
        return remount_root_ro(err);
    return 0;
}
