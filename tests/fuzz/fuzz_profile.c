/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the seccomp profile compiler (JSON -> libseccomp -> BPF), no loading. */
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
    struct hi_kernel kernel = {6, 1};
    struct hi_bpf bpf = {0};
    struct hi_error err = {0};
    /* Judged once with every capability and once with none. */
    for (int pass = 0; pass < 2; pass++) {
        uint64_t caps = pass ? 0 : ~0ULL;
        if (hi_seccomp_compile(text, "fuzz.json", caps, &kernel, &bpf, NULL, &err) == 0) {
            if (!bpf.insns || bpf.len == 0)
                abort(); /* a compiled profile is a program */
            hi_bpf_free(&bpf);
        } else if (!err.msg[0]) {
            abort(); /* a rejection always says why */
        }
    }
    free(text);
    return 0;
}
