/* SPDX-License-Identifier: MIT */
/*
 * caps.c - capability names and lists: "NET_BIND_SERVICE", "cap_chown", "CAP_KILL",
 * comma-separated, case-insensitive, "ALL" where allowed (docker's --cap-drop ALL).
 *
 * The names are a table here, not libcap-ng's lookup: in a static link its lookup object
 * drags in cap-ng.o and with it getpwuid/initgroups (static NSS, ~320 KiB) that PID 1
 * must never call. tests/unit/test_harden.c checks this table against libcap-ng's.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>

#include "hardinit/harden.h"

static const char *const cap_names[] = {
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
};

#define N_CAPS ((int)(sizeof(cap_names) / sizeof(cap_names[0])))

const char *hi_cap_name(int cap)
{
    return cap >= 0 && cap < N_CAPS ? cap_names[cap] : NULL;
}

static int cap_by_name(const char *name)
{
    if (strncasecmp(name, "CAP_", 4) == 0)
        name += 4;
    for (int c = 0; c < N_CAPS; c++) {
        if (strcasecmp(name, cap_names[c]) == 0)
            return c;
    }
    return -EINVAL;
}

int hi_caps_parse_list(const char *list, bool allow_all, bool *ret_all, uint64_t *ret_mask,
                       const char *where, struct hi_error *err)
{
    uint64_t mask = 0;
    bool all = false;
    if (!*list || list[strlen(list) - 1] == ',')
        return hi_error_set(err, EINVAL, where, "'%s': bad capability list", list);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        char name[48];
        if (len == 0 || len >= sizeof(name))
            return hi_error_set(err, EINVAL, where, "'%s': bad capability list", list);
        memcpy(name, p, len);
        name[len] = '\0';
        p += len + (p[len] == ',');
        if (strcasecmp(name, "ALL") == 0) {
            if (!allow_all)
                return hi_error_set(err, EINVAL, where, "ALL cannot be added (name each one)");
            all = true;
            continue;
        }
        int cap = cap_by_name(name);
        if (cap < 0)
            return hi_error_set(err, EINVAL, where, "unknown capability '%s'", name);
        mask |= 1ULL << cap;
    }
    *ret_all = *ret_all || all;
    *ret_mask |= mask;
    return 0;
}

uint64_t hi_caps_bounding_set(void)
{
    uint64_t set = 0;
    for (int c = 0; c < 64; c++) {
        int r = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
        if (r < 0)
            break; /* past the kernel's last capability */
        if (r == 1)
            set |= 1ULL << c;
    }
    return set;
}
