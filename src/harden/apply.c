/* SPDX-License-Identifier: MIT */
/*
 * apply.c - the child's half of the hardening, between fork() and execve(): plain system
 * calls only (async-signal-safe, nothing allocated, no libcap-ng state), in crun's order:
 * rlimits -> bounding set -> keepcaps -> groups, gid, uid -> capset -> ambient -> NNP.
 * Also PID 1's own drop to what a reaper needs.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hardinit/harden.h"
#include "hardinit/notify.h"

static int capset3(uint64_t effective, uint64_t permitted, uint64_t inheritable)
{
    struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2] = {
        {(uint32_t)effective, (uint32_t)permitted, (uint32_t)inheritable},
        {(uint32_t)(effective >> 32), (uint32_t)(permitted >> 32), (uint32_t)(inheritable >> 32)},
    };
    return (int)syscall(SYS_capset, &hdr, data);
}

/* Drop the capabilities in drop (the parent read which are there: no read here). */
static int drop_bounding(uint64_t drop, int last)
{
    for (int c = 0; c <= last; c++) {
        if ((drop >> c) & 1 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
            return -errno;
    }
    return 0;
}

static int set_ambient(uint64_t ambient, int last)
{
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return -errno;
    for (int c = 0; c <= last; c++) {
        if ((ambient >> c) & 1 && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
            return -errno;
    }
    return 0;
}

#define FAIL(s)                                                                                    \
    do {                                                                                           \
        *ret_step = (s);                                                                           \
        return -errno;                                                                             \
    } while (0)

int hi_harden_apply_child(const struct hi_plan *plan, const char **ret_step, int *ret_item)
{
    *ret_item = -1;
    for (size_t i = 0; i < plan->n_rlimits; i++) {
        struct rlimit rl = {plan->rlimits[i].soft, plan->rlimits[i].hard};
        if (setrlimit(plan->rlimits[i].resource, &rl) < 0) {
            *ret_item = (int)i;
            FAIL("rlimit");
        }
    }
    if (plan->set_caps) {
        int r = drop_bounding(plan->bounding_drop, plan->last_cap);
        if (r < 0) {
            errno = -r;
            FAIL("cap-drop");
        }
    }
    if (plan->set_user) {
        if (plan->set_caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
            FAIL("user-keepcaps");
        if (setgroups(plan->n_groups, plan->groups) < 0)
            FAIL("user-groups");
        if (setresgid(plan->gid, plan->gid, plan->gid) < 0)
            FAIL("user-gid");
        if (setresuid(plan->uid, plan->uid, plan->uid) < 0)
            FAIL("user-uid");
    }
    if (plan->set_caps) {
        if (capset3(plan->effective, plan->permitted, plan->inheritable) < 0)
            FAIL("caps");
        int r = set_ambient(plan->ambient, plan->last_cap);
        if (r < 0) {
            errno = -r;
            FAIL("ambient");
        }
    }
    if (plan->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        FAIL("no-new-privs");
    if (plan->seccomp.insns) { /* last: the filter then only has to allow execve */
        int r = hi_seccomp_load(&plan->seccomp);
        if (r < 0) {
            errno = -r;
            FAIL("seccomp");
        }
        /* A supervised filter: hand the listener over; it is CLOEXEC, exec closes ours. */
        if (plan->notify && (r = hi_notify_send_listener(plan->notify_sock, r)) < 0) {
            errno = -r;
            FAIL("seccomp-notify");
        }
    }
    return 0;
}

int hi_harden_child_error(const struct hi_plan *plan, const char *step, int item, int neg_errno,
                          struct hi_error *err)
{
    int e = -neg_errno;
    if (strcmp(step, "rlimit") == 0 && item >= 0 && (size_t)item < plan->n_rlimits) {
        const struct hi_rlimit_opt *r = &plan->rlimits[item];
        return hi_error_set(err, e, "rlimit", "%s=%llu:%llu: %s%s", hi_rlimit_name(r->resource),
                            (unsigned long long)r->soft, (unsigned long long)r->hard, strerror(e),
                            e == EPERM ? " (raising a hard limit needs CAP_SYS_RESOURCE)" : "");
    }
    if (strncmp(step, "user", 4) == 0)
        return hi_error_set(err, e, "user", "switching to uid %u gid %u (%s): %s%s",
                            (unsigned)plan->uid, (unsigned)plan->gid, step + 5, strerror(e),
                            e == EPERM ? " (needs CAP_SETUID and CAP_SETGID)" : "");
    if (strcmp(step, "seccomp") == 0)
        return hi_error_set(err, e, "seccomp", "loading the filter: %s%s", strerror(e),
                            e == EACCES ? " (needs --no-new-privs, or CAP_SYS_ADMIN in the app)"
                                        : "");
    if (strcmp(step, "seccomp-notify") == 0)
        return hi_error_set(err, e, "seccomp", "handing the listener to hardinit: %s", strerror(e));
    if (strcmp(step, "cap-drop") == 0)
        return hi_error_set(err, e, "cap-drop", "dropping the bounding set: %s%s", strerror(e),
                            e == EPERM ? " (needs CAP_SETPCAP)" : "");
    return hi_error_set(err, e, step, "%s", strerror(e));
}

int hi_harden_self(struct hi_error *err)
{
    /*
     * PID 1 never execs again, so its bounding and ambient sets no longer matter: what a
     * subverted PID 1 could do is what its effective and permitted sets allow. Keep
     * CAP_KILL (to signal an app that runs as another user); no_new_privs guards any exec.
     */
    const uint64_t keep = 1ULL << CAP_KILL;
    struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct cur[2];
    if (syscall(SYS_capget, &hdr, cur) < 0)
        return hi_error_errno(err, errno, "self", "capget");
    uint64_t permitted = cur[0].permitted | (uint64_t)cur[1].permitted << 32;
    if (capset3(permitted & keep, permitted & keep, 0) < 0)
        return hi_error_errno(err, errno, "self", "capset");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return hi_error_errno(err, errno, "self", "no_new_privs");
    return 0;
}
