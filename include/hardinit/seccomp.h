/* SPDX-License-Identifier: MIT */
/*
 * seccomp.h - OCI/Docker seccomp profiles (JSON) compiled with libseccomp, in the parent,
 * into a BPF program that the child loads last, right before execve, with one system call.
 */
#ifndef HARDINIT_SECCOMP_H
#define HARDINIT_SECCOMP_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hardinit/error.h"

#define HI_PROFILE_MAX_BYTES (4 << 20)

struct hi_bpf {
    struct sock_filter *insns; /* NULL: no filter */
    unsigned short len;
    unsigned int flags; /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
};

/* What `hardinit profile check` prints. */
struct hi_seccomp_summary {
    char default_action[48];
    char arches[256];
    size_t entries;          /* syscalls[] entries that applied (caps, arches, kernel) */
    size_t entries_excluded; /* and those that did not */
    size_t rules;            /* rules given to libseccomp */
    size_t rules_default;    /* skipped: their action is the default */
    size_t names_unknown;    /* skipped: this libseccomp does not know them (permissive) */
    char first_unknown[64];
    int enosys_above; /* the ENOSYS stub's limit, 0 when there is none */
};

/* The kernel version "minKernel" is judged against, e.g. {6, 1}. */
struct hi_kernel {
    unsigned major, minor;
};
int hi_kernel_current(struct hi_kernel *ret);
/* "6.1" or a release "6.1.0-13-amd64": 0 or -EINVAL. */
int hi_kernel_parse(const char *s, struct hi_kernel *ret);

/* What a profile is compiled for, and how. */
struct hi_seccomp_target {
    uint64_t caps;           /* the bounding set the app will have (includes/excludes.caps) */
    struct hi_kernel kernel; /* what minKernel is judged against */
    bool no_tree;            /* no binary-tree optimisation (as runc and crun compile) */
    int pfc_fd;              /* >= 0: also write libseccomp's PFC text there */
};

/*
 * Compile a profile (text, NUL-terminated; path names it in errors). Errors name
 * path:line:column and the field.
 */
int hi_seccomp_compile(const char *text, const char *path, const struct hi_seccomp_target *target,
                       struct hi_bpf *ret, struct hi_seccomp_summary *summary,
                       struct hi_error *err);
void hi_bpf_free(struct hi_bpf *bpf);

/*
 * --seccomp-log: every return of the program that is not ALLOW or LOG (ERRNO, KILL_*,
 * TRAP, TRACE, USER_NOTIF, anything unknown) becomes LOG, so the call goes through and
 * the kernel logs it. Returns how many were rewritten.
 */
size_t hi_bpf_audit(struct hi_bpf *bpf);
/* Whether /proc/sys/kernel/seccomp/actions_avail (or actions_logged) lists this action. */
bool hi_seccomp_action_available(const char *action);
bool hi_seccomp_action_logged(const char *action);

/*
 * A filter compiled ahead of time (`hardinit profile compile`): this header, then len
 * instructions, in the byte order of the architecture it is for.
 */
#define HI_BPF_MAGIC "HIBPF01\n"
struct hi_bpf_header {
    char magic[8];
    uint32_t arch;  /* AUDIT_ARCH_* of the native architecture it was compiled for */
    uint32_t flags; /* SECCOMP_FILTER_FLAG_* */
    uint32_t len;   /* instructions after the header */
    uint32_t enosys_above;
    uint64_t caps;                       /* the target's bounding set */
    uint32_t kernel_major, kernel_minor; /* the target's kernel */
    uint64_t source_hash;                /* FNV-1a 64 of the profile's text */
    uint64_t insns_hash;                 /* FNV-1a 64 of the instructions */
    char source[256];                    /* the profile's path or built-in name */
    char built_by[64];                   /* "hardinit X libseccomp Y" */
};
uint64_t hi_fnv1a(const void *data, size_t len);
int hi_bpf_file_write(const char *path, const struct hi_bpf *bpf, const struct hi_bpf_header *hdr,
                      struct hi_error *err);
/* Read and check (magic, size, architecture, hash): 0 or -errno with err naming the file. */
int hi_bpf_file_read(const char *path, struct hi_bpf *ret, struct hi_bpf_header *ret_hdr,
                     struct hi_error *err);
/* The same checks on a file's bytes already read (path names it in errors). */
int hi_bpf_parse(const char *data, size_t size, const char *path, struct hi_bpf *ret,
                 struct hi_bpf_header *ret_hdr, struct hi_error *err);

/* The built-in profiles, compiled to BPF at build time (src/tools/genbpf.c). */
struct hi_builtin_profile {
    const char *name; /* "default", "strict", "unconfined"; NULL ends the list */
    const struct sock_filter *insns;
    unsigned short len;
    const char *json; /* the profile it was compiled from */
};
extern const struct hi_builtin_profile hi_builtin_profiles[];
const struct hi_builtin_profile *hi_builtin_profile(const char *name);

/*
 * In the forked child: load the filter (async-signal-safe). 0, or the listener with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER, or -errno.
 */
int hi_seccomp_load(const struct hi_bpf *bpf);

/* `hardinit profile check|compile|pfc`. Returns the exit status. */
int hi_profile_main(int argc, char **argv);

#endif
