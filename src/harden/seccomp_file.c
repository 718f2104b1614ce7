/* SPDX-License-Identifier: MIT */
/*
 * seccomp_file.c - what is done to a compiled filter: audit mode (deny returns become
 * LOG), and filters compiled ahead of time, in a file with a header that says what they
 * were built from and for, checked before anything is loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/seccomp.h"

_Static_assert(sizeof(struct hi_bpf_header) == 376, "the file format is fixed");
_Static_assert(sizeof(HI_BPF_MAGIC) - 1 == sizeof(((struct hi_bpf_header *)0)->magic),
               "the magic fills its field");

uint64_t hi_fnv1a(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

size_t hi_bpf_audit(struct hi_bpf *bpf)
{
    size_t n = 0;
    for (unsigned short i = 0; i < bpf->len; i++) {
        struct sock_filter *f = &bpf->insns[i];
        uint32_t action = f->k & SECCOMP_RET_ACTION_FULL;
        /* The kernel kills on an action it does not know: that denies too. */
        if (f->code == (BPF_RET | BPF_K) && action != SECCOMP_RET_ALLOW &&
            action != SECCOMP_RET_LOG) {
            f->k = SECCOMP_RET_LOG;
            n++;
        }
    }
    return n;
}

static bool listed(const char *path, const char *word)
{
    char text[512];
    if (hi_read_small(path, text, sizeof(text)) < 0)
        return false;
    size_t len = strlen(word);
    for (const char *p = text; (p = strstr(p, word)); p += len) {
        bool starts = p == text || p[-1] == ' ';
        bool ends = p[len] == ' ' || p[len] == '\n' || p[len] == '\0';
        if (starts && ends)
            return true;
    }
    return false;
}

bool hi_seccomp_action_available(const char *action)
{
    return listed("/proc/sys/kernel/seccomp/actions_avail", action);
}

bool hi_seccomp_action_logged(const char *action)
{
    return listed("/proc/sys/kernel/seccomp/actions_logged", action);
}

int hi_bpf_file_write(const char *path, const struct hi_bpf *bpf, const struct hi_bpf_header *hdr,
                      struct hi_error *err)
{
    const struct iovec iov[] = {
        {(void *)hdr, sizeof(*hdr)},
        {bpf->insns, bpf->len * sizeof(*bpf->insns)},
    };
    return hi_write_file(path, iov, 2, "profile", err);
}

static bool terminated(const char *field, size_t size)
{
    return memchr(field, '\0', size) != NULL;
}

int hi_bpf_file_read(const char *path, struct hi_bpf *ret, struct hi_bpf_header *ret_hdr,
                     struct hi_error *err)
{
    const size_t max = sizeof(struct hi_bpf_header) + BPF_MAXINSNS * sizeof(struct sock_filter);
    _cleanup_free_ char *data = NULL;
    size_t size = 0;
    int r = hi_read_file(path, max, "seccomp", &data, &size, err);
    if (r < 0)
        return r;
    return hi_bpf_parse(data, size, path, ret, ret_hdr, err);
}

int hi_bpf_parse(const char *data, size_t size, const char *path, struct hi_bpf *ret,
                 struct hi_bpf_header *ret_hdr, struct hi_error *err)
{
    struct hi_bpf_header hdr;
    if (size < sizeof(hdr))
        return hi_error_set(err, EINVAL, "seccomp",
                            "%s: not a filter from `hardinit profile compile` (%zu bytes)", path,
                            size);
    memcpy(&hdr, data, sizeof(hdr));
    if (memcmp(hdr.magic, HI_BPF_MAGIC, sizeof(hdr.magic)) != 0)
        return hi_error_set(err, EINVAL, "seccomp",
                            "%s: not a filter from `hardinit profile compile` (bad magic)", path);
    if (hdr.arch != seccomp_arch_native())
        return hi_error_set(err, EINVAL, "seccomp",
                            "%s: compiled for another architecture (0x%x, this is 0x%x)", path,
                            hdr.arch, seccomp_arch_native());
    if (hdr.len == 0 || hdr.len > BPF_MAXINSNS ||
        size != sizeof(hdr) + hdr.len * sizeof(struct sock_filter))
        return hi_error_set(err, EINVAL, "seccomp",
                            "%s: truncated or padded (%zu bytes for %u instructions)", path, size,
                            hdr.len);
    const unsigned known_flags =
        SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW;
    if (hdr.flags & ~known_flags)
        return hi_error_set(err, EINVAL, "seccomp", "%s: unknown filter flags 0x%x", path,
                            hdr.flags);
    if (!terminated(hdr.source, sizeof(hdr.source)) ||
        !terminated(hdr.built_by, sizeof(hdr.built_by)))
        return hi_error_set(err, EINVAL, "seccomp", "%s: bad header (names not terminated)", path);
    const char *insns = data + sizeof(hdr);
    size_t insns_size = hdr.len * sizeof(struct sock_filter);
    if (hi_fnv1a(insns, insns_size) != hdr.insns_hash)
        return hi_error_set(err, EINVAL, "seccomp", "%s: the instructions do not match the header",
                            path);
    struct hi_bpf bpf = {.len = (unsigned short)hdr.len, .flags = hdr.flags};
    bpf.insns = malloc(insns_size);
    if (!bpf.insns)
        return hi_error_errno(err, ENOMEM, "seccomp", "%s", path);
    memcpy(bpf.insns, insns, insns_size);
    *ret = bpf;
    if (ret_hdr)
        *ret_hdr = hdr;
    return 0;
}
