/* SPDX-License-Identifier: MIT */
/*
 * harden.h - what a container runtime would do to the app, done from inside: capability
 * sets, no_new_privs, the user switch, rlimits, a read-only root with tmpfs mounts.
 *
 * Three steps, as DESIGN.md orders them:
 *   options (struct hi_harden_opts, filled by src/cli: names already checked),
 *   hi_harden_prepare()     in the parent: read /etc/passwd, /etc/group, the bounding set;
 *                           compute every mask and list into struct hi_plan (allocates);
 *   hi_harden_apply_mounts() in the parent, before the fork: tmpfs, then read-only /;
 *   hi_harden_apply_child()  in the child, async-signal-safe syscalls only: rlimits ->
 *                           bounding set -> keepcaps -> groups/gid/uid -> capset ->
 *                           ambient -> no_new_privs (crun's order).
 * Every function returns 0 or -errno and fills struct hi_error; a failure stops the start.
 */
#ifndef HARDINIT_HARDEN_H
#define HARDINIT_HARDEN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "hardinit/cgroup.h"
#include "hardinit/error.h"
#include "hardinit/seccomp.h"

#define HI_MAX_RLIMITS        16
#define HI_MAX_TMPFS          16
#define HI_MAX_GROUPS         64
#define HI_PATH_MAX           512
#define HI_USER_MAX           256
#define HI_TMPFS_DATA         128
#define HI_DEFAULT_TMPFS_SIZE (64ULL << 20)

struct hi_rlimit_opt {
    int resource; /* RLIMIT_* */
    rlim_t soft, hard;
};

struct hi_tmpfs_opt {
    char path[HI_PATH_MAX];
    unsigned long flags; /* MS_RDONLY MS_NOSUID MS_NODEV MS_NOEXEC ... */
    uint64_t size;       /* bytes; 0 = no limit */
    long mode, uid, gid; /* -1 = tmpfs default */
};

/* A flag whose default depends on --harden: unset, or set either way. */
enum hi_tristate {
    HI_UNSET = -1,
    HI_NO = 0,
    HI_YES = 1,
};

struct hi_harden_opts {
    bool harden; /* --harden: the baseline below, refined by explicit options */
    bool cap_drop_given, cap_add_given;
    bool cap_drop_all;
    uint64_t cap_drop, cap_add; /* bit N = capability N */
    enum hi_tristate no_new_privs;
    enum hi_tristate read_only;
    char user[HI_USER_MAX];          /* "USER[:GROUP]", "" = keep */
    char seccomp[HI_PATH_MAX];       /* a profile file, "unconfined", "" = none */
    char seccomp_bpf[HI_PATH_MAX];   /* a filter from `hardinit profile compile`, "" = none */
    bool seccomp_log;                /* audit mode: deny actions become LOG */
    int seccomp_report;              /* 0: off; 1 + enum hi_report_format */
    char seccomp_learn[HI_PATH_MAX]; /* learn mode: the profile to write, "" = off */
    struct hi_rlimit_opt rlimits[HI_MAX_RLIMITS];
    size_t n_rlimits;
    struct hi_tmpfs_opt tmpfs[HI_MAX_TMPFS];
    size_t n_tmpfs;
    struct hi_cgroup_opts cgroup; /* --memory, --cpus, --pids-limit, ... */
};

/* --harden applied to explicit options (call once, after every source is parsed). */
void hi_harden_resolve(struct hi_harden_opts *o);

/* Option parsers (src/harden), for src/cli: 0 or -EINVAL/-ERANGE with err filled. */
int hi_caps_parse_list(const char *list, bool allow_all, bool *ret_all, uint64_t *ret_mask,
                       const char *where, struct hi_error *err);
int hi_rlimit_parse(const char *s, struct hi_rlimit_opt *ret, const char *where,
                    struct hi_error *err);
int hi_tmpfs_parse(const char *s, struct hi_tmpfs_opt *ret, const char *where,
                   struct hi_error *err);
const char *hi_rlimit_name(int resource);
/* The calling process's bounding set (bit N = capability N). */
uint64_t hi_caps_bounding_set(void);
/* "NET_BIND_SERVICE" for 10 (no "CAP_" prefix); NULL when unknown. */
const char *hi_cap_name(int cap);

struct hi_plan {
    bool set_caps;
    int last_cap; /* /proc/sys/kernel/cap_last_cap */
    uint64_t bounding, effective, permitted, inheritable, ambient;
    uint64_t bounding_drop; /* in the bounding set now and not in bounding: to drop */

    bool set_user;
    uid_t uid;
    gid_t gid;
    gid_t groups[HI_MAX_GROUPS];
    size_t n_groups;
    char **envp;   /* the environment for execve: ours, plus HOME when set_user */
    bool own_envp; /* envp (and its last entry) were allocated here */

    struct hi_rlimit_opt rlimits[HI_MAX_RLIMITS];
    size_t n_rlimits;
    bool no_new_privs;
    struct hi_bpf seccomp; /* compiled; loaded last, right before execve */
    int notify;            /* enum hi_notify_mode: hardinit supervises the filter */
    int notify_sock;       /* in the child: where the listener goes (spawn sets it) */

    const struct hi_tmpfs_opt *tmpfs;
    size_t n_tmpfs;
    bool read_only;

    const struct hi_cgroup *cgroup; /* not owned (run.c's); NULL: no leaf to join */
};

int hi_harden_prepare(const struct hi_harden_opts *o, char **environ_, struct hi_plan *ret,
                      struct hi_error *err);
void hi_plan_free(struct hi_plan *plan);

int hi_harden_apply_mounts(const struct hi_plan *plan, struct hi_error *err);
/* What hi_harden_apply_mounts() would refuse or fail on, without mounting (--dry-run). */
int hi_harden_check_mounts(const struct hi_plan *plan, struct hi_error *err);

/*
 * In the forked child. On failure returns -errno and sets *ret_step to a static step name
 * and *ret_item to the index of the failing rlimit (else -1); the parent words the error
 * with hi_harden_child_error().
 */
int hi_harden_apply_child(const struct hi_plan *plan, const char **ret_step, int *ret_item);
int hi_harden_child_error(const struct hi_plan *plan, const char *step, int item, int neg_errno,
                          struct hi_error *err);

/* Drop hardinit's own effective/permitted capabilities to CAP_KILL, and set NNP. */
int hi_harden_self(struct hi_error *err);

/* /etc/passwd and /etc/group, read without NSS. */
struct hi_user {
    uid_t uid;
    gid_t gid;
    char name[HI_USER_MAX];
    char home[HI_PATH_MAX];
    gid_t groups[HI_MAX_GROUPS];
    size_t n_groups;
};
/*
 * Resolve "USER[:GROUP]" (names or numbers) against the passwd and group texts given
 * (NUL-terminated; NULL = file missing). A numeric uid without a passwd entry gets gid 0
 * and home "/", as docker does.
 */
int hi_user_resolve(const char *spec, const char *passwd, const char *group, struct hi_user *ret,
                    struct hi_error *err);

/* `hardinit inspect [--json]`: print this process's posture. Returns the exit status. */
int hi_inspect_main(int argc, char **argv);

#endif
