/* SPDX-License-Identifier: MIT */
/*
 * config_file.c - --config FILE: one JSON object whose keys are hardinit's long option
 * names. Booleans for flags, strings (or integers) for values, arrays for repeatable
 * options. Unknown keys, duplicate keys and wrong types are errors naming line:column.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/jsonpos.h"
#include "options.h"

#define CONFIG_MAX_BYTES (1 << 20)

/* "LINE:COL" of a top-level key, for errors ("?:?" if it cannot be found). */
static void key_position(const char *text, const char *key, char *buf, size_t size)
{
    struct hi_json_step step = {.key = key};
    int line, col;
    if (hi_json_locate(text, &step, 1, 1, &line, &col) == 0)
        snprintf(buf, size, "%d:%d", line, col);
    else
        snprintf(buf, size, "?:?");
}

/* One JSON scalar as the string hi_option_apply() takes. */
static int scalar_string(json_t *v, const struct hi_option *opt, char *buf, size_t size)
{
    if (opt->kind == HI_OPT_FLAG) {
        if (!json_is_boolean(v))
            return -EINVAL;
        snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
    } else if (json_is_string(v)) {
        if (strlen(json_string_value(v)) != json_string_length(v))
            return -EINVAL; /* an embedded NUL */
        snprintf(buf, size, "%s", json_string_value(v));
    } else if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else {
        return -EINVAL;
    }
    return 0;
}

static int apply_key(const char *path, const char *text, const char *key, json_t *value,
                     struct hi_config *cfg, struct hi_error *err)
{
    char pos[32], where[256];
    key_position(text, key, pos, sizeof(pos));
    snprintf(where, sizeof(where), "config: %s:%s: %s", path, pos, key);

    const struct hi_option *opt = hi_option_by_name(key);
    if (!opt || opt->kind == HI_OPT_CLI) {
        snprintf(where, sizeof(where), "config: %s:%s", path, pos);
        return hi_error_set(err, EINVAL, where, "unknown key '%s'", key);
    }
    static const char *const expected[] = {
        [HI_OPT_FLAG] = "true or false",
        [HI_OPT_VALUE] = "a string",
        [HI_OPT_OPTIONAL] = "a string",
        [HI_OPT_LIST] = "an array of strings",
    };

    char buf[256];
    if (opt->kind != HI_OPT_LIST) {
        if (scalar_string(value, opt, buf, sizeof(buf)) < 0)
            return hi_error_set(err, EINVAL, where, "expected %s", expected[opt->kind]);
        return hi_option_apply(cfg, opt, buf, where, err);
    }
    if (!json_is_array(value))
        return hi_error_set(err, EINVAL, where, "expected %s", expected[opt->kind]);
    hi_option_clear(cfg, opt);
    size_t i;
    json_t *item;
    json_array_foreach(value, i, item)
    {
        if (scalar_string(item, opt, buf, sizeof(buf)) < 0)
            return hi_error_set(err, EINVAL, where, "item %zu: expected a string", i);
        int r = hi_option_apply(cfg, opt, buf, where, err);
        if (r < 0)
            return r;
    }
    return 0;
}

int hi_config_text_apply(const char *text, const char *path, struct hi_config *cfg,
                         struct hi_error *err)
{
    json_error_t jerr;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    char where[256];
    int r = 0;
    if (!root) {
        snprintf(where, sizeof(where), "config: %s:%d:%d", path, jerr.line, jerr.column);
        r = hi_error_set(err, EINVAL, where, "%s", jerr.text);
    } else if (!json_is_object(root)) {
        snprintf(where, sizeof(where), "config: %s:1:1", path);
        r = hi_error_set(err, EINVAL, where, "expected a JSON object");
    } else {
        const char *key;
        json_t *value;
        json_object_foreach(root, key, value)
        {
            r = apply_key(path, text, key, value, cfg, err);
            if (r < 0)
                break;
        }
    }
    json_decref(root);
    return r;
}

int hi_config_file_apply(const char *path, struct hi_config *cfg, struct hi_error *err)
{
    _cleanup_free_ char *text = NULL;
    int r = hi_read_file(path, CONFIG_MAX_BYTES, "config", &text, NULL, err);
    if (r < 0)
        return r;
    return hi_config_text_apply(text, path, cfg, err);
}
