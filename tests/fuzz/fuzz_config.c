/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the --config file parser, on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/config.h"
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct hi_config cfg;
    struct hi_error err;
    hi_config_defaults(&cfg, HI_PERSONALITY_HARDINIT);
    if (hi_config_text_apply(text, "fuzz.json", &cfg, &err) < 0) {
        /* A rejection always says where and why. */
        if (!err.step[0] || !err.msg[0])
            abort();
    }
    free(text);
    return 0;
}
