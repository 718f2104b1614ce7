/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the reader of precompiled filters (--seccomp-bpf FILE), and what is
 * done to what it accepts: report mode's BPF interpreter, audit mode's rewrite. Each
 * input is tried as it is, and once more with its instruction hash made right, so the
 * fuzzer gets past the hash to the other checks.
 */
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/notify.h"
#include "hardinit/seccomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void try(const char *bytes, size_t size)
{
    struct hi_bpf bpf = {0};
    struct hi_bpf_header h;
    struct hi_error err = {0};
    if (hi_bpf_parse(bytes, size, "fuzz.bpf", &bpf, &h, &err) < 0) {
        if (!err.msg[0])
            abort(); /* a rejection always says why */
        return;
    }
    if (!bpf.insns || bpf.len != h.len || size != sizeof(h) + h.len * sizeof(*bpf.insns))
        abort(); /* accepted: exactly the instructions the header announces */
    /* The interpreter (report mode's answers) on whatever was accepted: never out of
     * bounds, always an action. */
    struct seccomp_data d = {.nr = (int)h.len, .arch = h.arch};
    for (int i = 0; i < 6; i++)
        d.args[i] = h.source_hash >> (8 * i);
    (void)hi_bpf_run(&bpf, &d);
    hi_bpf_audit(&bpf);
    for (unsigned short i = 0; i < bpf.len; i++) {
        uint32_t action = bpf.insns[i].k & SECCOMP_RET_ACTION_FULL;
        if (bpf.insns[i].code == (BPF_RET | BPF_K) && action != SECCOMP_RET_ALLOW &&
            action != SECCOMP_RET_LOG)
            abort(); /* audit mode left a deny in */
    }
    hi_bpf_free(&bpf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *bytes = malloc(size ? size : 1);
    if (!bytes)
        return 0;
    memcpy(bytes, data, size);
    try(bytes, size);
    struct hi_bpf_header h;
    if (size >= sizeof(h)) {
        memcpy(&h, bytes, sizeof(h));
        h.insns_hash = hi_fnv1a(bytes + sizeof(h), size - sizeof(h));
        memcpy(bytes, &h, sizeof(h));
        try(bytes, size);
    }
    free(bytes);
    return 0;
}
