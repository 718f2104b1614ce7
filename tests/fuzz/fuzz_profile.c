/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the seccomp profile compiler (JSON -> libseccomp -> BPF), no loading. */
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/seccomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct hi_bpf bpf = {0};
    struct hi_error err = {0};
    /* Judged once with every capability and the tree, once with none and no tree. */
    for (int pass = 0; pass < 2; pass++) {
        struct hi_seccomp_target t = {
            .caps = pass ? 0 : ~0ULL, .kernel = {6, 1}, .no_tree = pass, .pfc_fd = -1};
        if (hi_seccomp_compile(text, "fuzz.json", &t, &bpf, NULL, &err) == 0) {
            if (!bpf.insns || bpf.len == 0)
                abort(); /* a compiled profile is a program */
            hi_bpf_audit(&bpf);
            for (unsigned short i = 0; i < bpf.len; i++) {
                if (bpf.insns[i].code == (BPF_RET | BPF_K) && bpf.insns[i].k != SECCOMP_RET_ALLOW &&
                    bpf.insns[i].k != SECCOMP_RET_LOG)
                    abort(); /* audit mode left a deny in */
            }
            hi_bpf_free(&bpf);
        } else if (!err.msg[0]) {
            abort(); /* a rejection always says why */
        }
    }
    free(text);
    return 0;
}
