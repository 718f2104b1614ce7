/* SPDX-License-Identifier: MIT */
/* cgroup_internal.h - what cgroup.c and cgroup_apply.c share; not part of the interface. */
#ifndef HARDINIT_CGROUP_INTERNAL_H
#define HARDINIT_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hardinit/cgroup.h"

/* The host as this process sees it: mode, /proc/self/cgroup and mountinfo texts. */
struct hi_cg_host {
    const char *root;
    enum hi_cgroup_mode mode;
    char *proc_cgroup;
    char *mountinfo;
};

/* "--memory": the option of a limit, as the step of an error. */
const char *hi_cg_step(enum hi_cgroup_limit limit);
int hi_cg_load_env(const struct hi_cgroup_env *env, struct hi_cg_host *ret, struct hi_error *err);
void hi_cg_host_free(struct hi_cg_host *h);
int hi_cg_detect_mode(const char *root, enum hi_cgroup_mode *ret, struct hi_error *err);
int hi_cg_own_dir(const char *mountinfo, const char *mnt, const char *own, char *buf, size_t size);
/* The mount point of the v1 hierarchy with controller, from mountinfo; -ENOENT if none. */
int hi_cg_v1_mount(const char *mountinfo, const char *controller, char *buf, size_t size);
/* Our cgroup's directory in that hierarchy, and its mount point. */
int hi_cg_v1_dir(const struct hi_cg_host *h, const char *controller, char *buf, size_t size,
                 char *ret_mnt, size_t mnt_size);
/* Our v2 cgroup's directory (under <root>/unified in hybrid mode). */
int hi_cg_v2_dir(const struct hi_cg_host *h, char *buf, size_t size);
void hi_cg_read_line(const char *dir, const char *file, char *buf, size_t size);
uint64_t hi_cg_read_key(const char *dir, const char *file, const char *key);
bool hi_cg_file_lists(const char *dir, const char *file, const char *word);

#endif
