/* SPDX-License-Identifier: MIT */
/*
 * plan.c - prepare, in the parent: everything that reads files or allocates, so that the
 * child only has to make system calls. Also the --harden baseline, and what PID 1 keeps
 * of its own privileges once the app runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/harden.h"
#include "hardinit/log.h"
#include "hardinit/notify.h"
#include "hardinit/parse.h"

#define ETC_MAX_BYTES (4 << 20)

void hi_harden_resolve(struct hi_harden_opts *o)
{
    if (o->harden) {
        if (!o->cap_drop_given)
            o->cap_drop_all = true;
        o->cap_drop_given = true;
        if (o->no_new_privs == HI_UNSET)
            o->no_new_privs = HI_YES;
        if (o->read_only == HI_UNSET)
            o->read_only = HI_YES;
        bool has_tmp = false;
        for (size_t i = 0; i < o->n_tmpfs; i++)
            has_tmp = has_tmp || strcmp(o->tmpfs[i].path, "/tmp") == 0;
        if (!o->seccomp[0] && !o->seccomp_bpf[0] && !o->seccomp_learn[0])
            snprintf(o->seccomp, sizeof(o->seccomp), "default");
        if (!has_tmp && o->n_tmpfs < HI_MAX_TMPFS)
            hi_tmpfs_parse("/tmp:noexec,nosuid,nodev,size=64m", &o->tmpfs[o->n_tmpfs++], "harden",
                           NULL);
    }
    if (o->no_new_privs == HI_UNSET)
        o->no_new_privs = HI_NO;
    if (o->read_only == HI_UNSET)
        o->read_only = HI_NO;
}

/* A whole text file, or NULL with 0 when it does not exist (an image without one). */
static int read_text(const char *path, char **ret, struct hi_error *err)
{
    *ret = NULL;
    int r = hi_read_file(path, ETC_MAX_BYTES, "user", ret, NULL, err);
    return r == -ENOENT ? 0 : r;
}

static int last_cap(void)
{
    char buf[16] = "";
    hi_read_small("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf));
    buf[strcspn(buf, "\n")] = '\0';
    uint64_t v;
    if (hi_parse_uint(buf, 0, 63, &v) == 0)
        return (int)v;
    return CAP_LAST_CAP;
}

static int plan_caps(const struct hi_harden_opts *o, struct hi_plan *p, struct hi_error *err)
{
    if (!o->cap_drop_given && !o->cap_add_given)
        return 0;
    p->last_cap = last_cap();
    uint64_t base = hi_caps_bounding_set();
    uint64_t missing = o->cap_add & ~base;
    if (missing) {
        int c = __builtin_ctzll(missing);
        return hi_error_set(err, EPERM, "cap-add",
                            "CAP_%s is not in the bounding set hardinit was started with (the "
                            "runtime must grant it)",
                            hi_cap_name(c) ? hi_cap_name(c) : "?");
    }
    uint64_t final = (o->cap_drop_all ? 0 : base & ~o->cap_drop) | o->cap_add;
    uid_t target = p->set_user ? p->uid : geteuid();
    p->set_caps = true;
    p->bounding = final;
    p->bounding_drop = base & ~final;
    if (target == 0) {
        p->effective = p->permitted = final;
        p->inheritable = p->ambient = 0;
    } else {
        /* A non-root app holds only what is added back, raised as ambient caps. */
        p->effective = p->permitted = p->inheritable = p->ambient = o->cap_add & final;
    }
    return 0;
}

static int plan_user(const struct hi_harden_opts *o, struct hi_plan *p, struct hi_error *err)
{
    if (!o->user[0])
        return 0;
    _cleanup_free_ char *passwd = NULL, *group = NULL;
    struct hi_user u;
    int r = read_text("/etc/passwd", &passwd, err);
    if (r == 0)
        r = read_text("/etc/group", &group, err);
    if (r == 0)
        r = hi_user_resolve(o->user, passwd, group, &u, err);
    if (r < 0)
        return r;
    p->set_user = true;
    p->uid = u.uid;
    p->gid = u.gid;
    memcpy(p->groups, u.groups, u.n_groups * sizeof(gid_t));
    p->n_groups = u.n_groups;

    /* HOME as login tools set it, unless the image set one. */
    size_t n = 0;
    bool has_home = false;
    for (char **e = p->envp; e && *e; e++, n++)
        has_home = has_home || strncmp(*e, "HOME=", 5) == 0;
    if (has_home)
        return 0;
    char **envp = calloc(n + 2, sizeof(char *));
    char *home = malloc(strlen(u.home) + 6);
    if (!envp || !home) {
        free(envp);
        free(home);
        return hi_error_errno(err, ENOMEM, "user", "environment");
    }
    memcpy(envp, p->envp, n * sizeof(char *));
    sprintf(home, "HOME=%s", u.home);
    envp[n] = home;
    p->envp = envp;
    p->own_envp = true;
    return 0;
}

/*
 * A filter compiled ahead of time must not allow more than the profile would here: it
 * was compiled for at most the capabilities the app will have, and for a kernel no newer
 * than this one (includes.caps and minKernel only ever add rules that allow).
 */
static int load_precompiled(const char *path, const struct hi_seccomp_target *here,
                            struct hi_bpf *ret, struct hi_error *err)
{
    struct hi_bpf_header h;
    int r = hi_bpf_file_read(path, ret, &h, err);
    if (r < 0)
        return r;
    uint64_t extra = h.caps & ~here->caps & ((2ULL << last_cap()) - 1);
    struct hi_kernel k = {h.kernel_major, h.kernel_minor};
    int first = extra ? __builtin_ctzll(extra) : 0;
    if (extra)
        r = hi_error_set(err, EPERM, "seccomp",
                         "%s was compiled for capabilities the app will not have (%s and %d "
                         "more); compile it with --caps naming the app's bounding set",
                         path, hi_cap_name(first) ? hi_cap_name(first) : "?",
                         __builtin_popcountll(extra) - 1);
    else if (k.major > here->kernel.major ||
             (k.major == here->kernel.major && k.minor > here->kernel.minor))
        r = hi_error_set(err, EPERM, "seccomp",
                         "%s was compiled for kernel %u.%u, this is %u.%u; compile it with "
                         "--kernel %u.%u",
                         path, k.major, k.minor, here->kernel.major, here->kernel.minor,
                         here->kernel.major, here->kernel.minor);
    if (r < 0)
        hi_bpf_free(ret);
    return r;
}

/* Compile the profile for the bounding set the app will really have. */
static int plan_seccomp(const struct hi_harden_opts *o, struct hi_plan *p, struct hi_error *err)
{
    if (o->seccomp[0] && o->seccomp_bpf[0])
        return hi_error_set(err, EINVAL, "seccomp", "--seccomp and --seccomp-bpf: give one");
    int modes = !!o->seccomp_log + !!o->seccomp_report + !!o->seccomp_learn[0];
    if (modes > 1)
        return hi_error_set(err, EINVAL, "seccomp",
                            "--seccomp-log, --seccomp-report and --seccomp-learn: give one");
    if (o->seccomp_learn[0]) {
        /* Learning replaces the profile: every call goes through (see spawn.c). */
        if (o->seccomp[0] || o->seccomp_bpf[0])
            return hi_error_set(err, EINVAL, "seccomp",
                                "--seccomp-learn runs without a profile: drop --seccomp");
        p->notify = HI_NOTIFY_LEARN;
        return 0;
    }
    if (o->seccomp_report) {
        bool none = (!o->seccomp[0] && !o->seccomp_bpf[0]) || strcmp(o->seccomp, "unconfined") == 0;
        if (none)
            return hi_error_set(err, EINVAL, "seccomp",
                                "--seccomp-report needs a profile (--seccomp or --harden)");
        p->notify = HI_NOTIFY_REPORT;
    }
    struct hi_seccomp_target here = {
        .caps = p->set_caps ? p->bounding : hi_caps_bounding_set(),
        .pfc_fd = -1,
    };
    const struct hi_builtin_profile *b = hi_builtin_profile(o->seccomp);
    int r = 0;
    if ((!o->seccomp[0] && !o->seccomp_bpf[0]) || strcmp(o->seccomp, "unconfined") == 0) {
        return 0;
    } else if (b) { /* a built-in profile is a program already: copy it, compile nothing */
        p->seccomp.insns = malloc(b->len * sizeof(*b->insns));
        if (!p->seccomp.insns)
            return hi_error_errno(err, ENOMEM, "seccomp", "%s", b->name);
        memcpy(p->seccomp.insns, b->insns, b->len * sizeof(*b->insns));
        p->seccomp.len = b->len;
    } else if (hi_kernel_current(&here.kernel) < 0) {
        return hi_error_errno(err, errno, "seccomp", "uname");
    } else if (o->seccomp_bpf[0]) {
        r = load_precompiled(o->seccomp_bpf, &here, &p->seccomp, err);
    } else {
        _cleanup_free_ char *text = NULL;
        r = hi_read_file(o->seccomp, HI_PROFILE_MAX_BYTES, "seccomp", &text, NULL, err);
        if (r == 0)
            r = hi_seccomp_compile(text, o->seccomp, &here, &p->seccomp, NULL, err);
    }
    if (r == 0 && o->seccomp_log) {
        if (!hi_seccomp_action_available("log"))
            return hi_error_set(err, ENOTSUP, "seccomp",
                                "--seccomp-log: this kernel has no SECCOMP_RET_LOG");
        size_t n = hi_bpf_audit(&p->seccomp);
        hi_warn("seccomp: audit mode: what the profile denies is allowed and logged by the "
                "kernel (%zu deny returns)%s",
                n,
                hi_seccomp_action_logged("log") ? ""
                                                : " (not: 'log' is not in "
                                                  "/proc/sys/kernel/seccomp/actions_logged)");
    }
    return r;
}

int hi_harden_prepare(const struct hi_harden_opts *o, char **environ_, struct hi_plan *ret,
                      struct hi_error *err)
{
    struct hi_plan p = {
        .envp = environ_,
        .no_new_privs = o->no_new_privs == HI_YES,
        .read_only = o->read_only == HI_YES,
        .tmpfs = o->tmpfs,
        .n_tmpfs = o->n_tmpfs,
        .n_rlimits = o->n_rlimits,
    };
    memcpy(p.rlimits, o->rlimits, sizeof(p.rlimits));
    int r = plan_user(o, &p, err);
    if (r == 0)
        r = plan_caps(o, &p, err);
    if (r == 0)
        r = plan_seccomp(o, &p, err);
    if (r < 0) {
        hi_plan_free(&p);
        return r;
    }
    *ret = p;
    return 0;
}

void hi_plan_free(struct hi_plan *plan)
{
    hi_bpf_free(&plan->seccomp);
    if (plan->own_envp) {
        size_t n = 0;
        while (plan->envp[n])
            n++;
        free(plan->envp[n - 1]); /* the HOME we added */
        free(plan->envp);
    }
    plan->envp = NULL;
    plan->own_envp = false;
}
