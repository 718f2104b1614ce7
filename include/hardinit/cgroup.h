/* SPDX-License-Identifier: MIT */
/*
 * cgroup.h - the app's resource limits (docker's --memory, --cpus, --pids-limit, ...), as a
 * leaf cgroup below hardinit's own, on cgroup v1, v2 and hybrid hosts.
 *
 *   options (struct hi_cgroup_opts, filled by src/cli through hi_cgroup_parse());
 *   hi_cgroup_create()  in the parent, before the fork: detect the mode, find our own
 *                       cgroup, and make the `app` leaf with its limits (on v2 hardinit and
 *                       whoever shares its cgroup first move to a sibling leaf `init`, so
 *                       that the controllers can be enabled for the children);
 *   hi_cgroup_place()   in the parent, after the fork: the child, still waiting, joins `app`
 *                       (cgroup.procs: the whole process);
 *   hi_cgroup_oom_kills(), hi_cgroup_remove()  once the app and everything in it is gone.
 *
 * Nothing here names a libcgroup type: the bypasses of libcgroup 2.0.2's gaps (and of its
 * start-up cost) stay inside src/harden/cgroup*.c, so a newer libcgroup can replace them.
 * Every function returns 0 or -errno and fills struct hi_error.
 */
#ifndef HARDINIT_CGROUP_H
#define HARDINIT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hardinit/error.h"

/* How the cgroup file systems are mounted (runc's and crun's three cases). */
enum hi_cgroup_mode {
    HI_CGROUP_DETECT = 0, /* only in struct hi_cgroup_env: find out */
    HI_CGROUP_LEGACY,     /* v1 controllers under /sys/fs/cgroup/<controller> */
    HI_CGROUP_HYBRID,     /* v1 controllers, and a cgroup2 at /sys/fs/cgroup/unified */
    HI_CGROUP_UNIFIED,    /* cgroup2 at /sys/fs/cgroup */
};

/* The limits, in the order of the option table in src/harden/cgroup.c. */
enum hi_cgroup_limit {
    HI_CG_CPU_WEIGHT,  /* --cpu-weight: 1-10000, default 100 */
    HI_CG_CPUS,        /* --cpus: in thousandths of a CPU */
    HI_CG_IO_WEIGHT,   /* --io-weight: 1-10000, default 100 */
    HI_CG_MEMORY,      /* --memory: bytes */
    HI_CG_MEMORY_SWAP, /* --memory-swap: memory plus swap, bytes; HI_CG_UNLIMITED for -1 */
    HI_CG_PIDS,        /* --pids-limit */
    HI_CG_NLIMITS,
};

#define HI_CG_UNLIMITED     UINT64_MAX
#define HI_CG_MIN_MEMORY    (6ULL << 20) /* docker's minimum */
#define HI_CG_CPU_PERIOD_US 100000ULL

struct hi_cgroup_opts {
    bool set[HI_CG_NLIMITS];
    uint64_t value[HI_CG_NLIMITS];
    bool optional; /* --cgroup-optional: cgroups that cannot be had are a warning */
};

/* "memory", "memory-swap", "cpus", ...: the long option of a limit. */
const char *hi_cgroup_option_name(enum hi_cgroup_limit limit);

/* Parse one option's value into o: 0, or -EINVAL/-ERANGE with err filed under where. */
int hi_cgroup_parse(enum hi_cgroup_limit limit, const char *value, struct hi_cgroup_opts *o,
                    const char *where, struct hi_error *err);

/* Is any limit asked for? */
bool hi_cgroup_wanted(const struct hi_cgroup_opts *o);

/* One write into a cgroup file, as the limits translate for cgroup v1 or v2. */
struct hi_cgroup_setting {
    const char *controller; /* "memory", "cpu", "pids", "blkio" (v1), "io" (v2) */
    const char *file;       /* "memory.max" */
    char value[48];
    const char *alt_file; /* tried when file does not exist (BFQ's weights), or NULL */
    char alt_value[48];
    bool if_present;            /* skip when no file exists (docker's default swap limit) */
    enum hi_cgroup_limit limit; /* the option it comes from, for messages */
};

#define HI_CG_MAX_SETTINGS 12

/*
 * The writes for version 1 or 2, in the order they must happen (a period before its
 * quota, memory before memory+swap). Returns their number; fails (-EINVAL, err filled)
 * when the options contradict each other (--memory-swap below --memory, or alone).
 */
int hi_cgroup_settings(const struct hi_cgroup_opts *o, int version,
                       struct hi_cgroup_setting out[HI_CG_MAX_SETTINGS], struct hi_error *err);

/* The mode from statfs() f_type of the root and of <root>/unified (0 when absent). */
enum hi_cgroup_mode hi_cgroup_mode_of(long root_fstype, long unified_fstype);

/*
 * Our cgroup in /proc/self/cgroup's text: controller NULL asks for the v2 line "0::/path",
 * else the v1 line "N:a,b:/path" that lists controller. Writes the path ("/" at the root)
 * into buf; -ENOENT when there is no such line, -ENAMETOOLONG when it does not fit.
 */
int hi_cgroup_own_path(const char *proc_cgroup, const char *controller, char *buf, size_t size);

/* Where the cgroup file systems are; every field may stay 0 (the real ones). Tests inject. */
struct hi_cgroup_env {
    const char *root;         /* NULL: /sys/fs/cgroup */
    const char *proc_cgroup;  /* NULL: /proc/self/cgroup */
    const char *mountinfo;    /* NULL: /proc/self/mountinfo */
    enum hi_cgroup_mode mode; /* HI_CGROUP_DETECT: statfs */
};

#define HI_CG_PATH_MAX   512
#define HI_CG_MAX_LEAVES 6

/* One leaf hardinit made: a v1 controller's `app`, or the v2 `app`. */
struct hi_cgroup_leaf {
    char path[HI_CG_PATH_MAX + 16]; /* the directory */
    int version;
    bool memory; /* the memory controller's: where OOM kills are counted */
};

/* What hardinit created, to place the child and to undo it all. */
struct hi_cgroup {
    enum hi_cgroup_mode mode;
    struct hi_cgroup_leaf leaves[HI_CG_MAX_LEAVES];
    size_t n_leaves;
    /* v2 only: our own cgroup, the `init` leaf we moved into, the controllers we enabled */
    char v2_parent[HI_CG_PATH_MAX];
    bool v2_init;
    char v2_enabled[64]; /* "+memory +pids" as written; "" = none */
};

/*
 * Make the app's leaves with their limits. Returns 0 with *ret filled (ret->n_leaves may be
 * 0 when nothing is asked); on failure nothing is left behind. A read-only cgroup file
 * system gives -EROFS with the message users need.
 */
int hi_cgroup_create(const struct hi_cgroup_opts *o, const struct hi_cgroup_env *env,
                     struct hi_cgroup *ret, struct hi_error *err);

/* The v2 half on its own: below parent, move into `init`, enable, create `app`, write. */
int hi_cgroup_create_v2(const char *parent, const struct hi_cgroup_setting *s, size_t n,
                        struct hi_cgroup *cg, struct hi_error *err);

/* Put process pid (all its threads) into every leaf. */
int hi_cgroup_place(const struct hi_cgroup *cg, pid_t pid, struct hi_error *err);

/* How many processes the kernel's OOM killer has killed in the app's cgroup. */
uint64_t hi_cgroup_oom_kills(const struct hi_cgroup *cg);

/*
 * Undo hi_cgroup_create(): kill whatever is left in the leaves, remove them, turn off the
 * controllers we enabled, move the processes of `init` back and remove it. Best effort;
 * returns 0 or the first -errno (err filled).
 */
int hi_cgroup_remove(struct hi_cgroup *cg, struct hi_error *err);

/* What `hardinit inspect` shows about the calling process's cgroup. */
struct hi_cgroup_report {
    enum hi_cgroup_mode mode;
    char path[HI_CG_PATH_MAX]; /* the memory (else pids, else v2) cgroup's path */
    bool known[HI_CG_NLIMITS];
    uint64_t value[HI_CG_NLIMITS]; /* HI_CG_UNLIMITED for "max"; the tightest of the ancestors */
};
int hi_cgroup_report(const struct hi_cgroup_env *env, struct hi_cgroup_report *ret);

#endif
