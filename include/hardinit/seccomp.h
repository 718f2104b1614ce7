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

/*
 * Compile a profile (text, NUL-terminated; path names it in errors) for an app whose
 * bounding set will be caps. Errors name path:line:column and the field.
 */
int hi_seccomp_compile(const char *text, const char *path, uint64_t caps,
                       const struct hi_kernel *kernel, struct hi_bpf *ret,
                       struct hi_seccomp_summary *summary, struct hi_error *err);
void hi_bpf_free(struct hi_bpf *bpf);

/* The built-in profiles, compiled to BPF at build time (src/tools/genbpf.c). */
struct hi_builtin_profile {
    const char *name; /* "default", "strict", "unconfined"; NULL ends the list */
    const struct sock_filter *insns;
    unsigned short len;
    const char *json; /* the profile it was compiled from */
};
extern const struct hi_builtin_profile hi_builtin_profiles[];
const struct hi_builtin_profile *hi_builtin_profile(const char *name);

/* In the forked child: load the filter (async-signal-safe). 0 or -errno. */
int hi_seccomp_load(const struct hi_bpf *bpf);

/* `hardinit profile check FILE`. Returns the exit status. */
int hi_profile_main(int argc, char **argv);

#endif
