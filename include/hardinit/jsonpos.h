/* SPDX-License-Identifier: MIT */
/*
 * jsonpos.h - where a value stands in a JSON text. jansson keeps no positions for the
 * values it parses; errors about a value ("syscalls[3].action: unknown action") must
 * still name line:column, so this walks the (already validated) text to the value a
 * path names. A path is a list of steps: an object key, or an array index.
 */
#ifndef HARDINIT_JSONPOS_H
#define HARDINIT_JSONPOS_H

#include <stddef.h>

struct hi_json_step {
    const char *key; /* an object member, or NULL for an array element: */
    size_t index;
};

/*
 * Find the value at path (n steps; n == 0: the root value) in text. Sets *line and
 * *column (1-based) of its first character, or of the key when want_key is set and the
 * last step is a key. Returns 0, or -ENOENT when the path is not in the text.
 */
int hi_json_locate(const char *text, const struct hi_json_step *path, size_t n, int want_key,
                   int *line, int *column);

#endif
