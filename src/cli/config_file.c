/* SPDX-License-Identifier: MIT */
/*
 * config_file.c - --config FILE: one JSON object whose keys are hardinit's long option
 * names. Booleans for flags, strings (or integers) for values, arrays for repeatable
 * options. Unknown keys, duplicate keys and wrong types are errors naming line:column.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "options.h"

#define CONFIG_MAX_BYTES (1 << 20)

/* A whole regular file, NUL-terminated, at most CONFIG_MAX_BYTES. */
static int read_file(const char *path, char **ret, struct hi_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore it). */
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return hi_error_errno(err, errno, "config", "%s", path);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) /* a FIFO or device could block us */
        return hi_error_set(err, EINVAL, "config", "%s: not a regular file", path);

    _cleanup_free_ char *buf = malloc(CONFIG_MAX_BYTES + 1);
    if (!buf)
        return hi_error_errno(err, ENOMEM, "config", "%s", path);
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, CONFIG_MAX_BYTES + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return hi_error_errno(err, errno, "config", "%s", path);
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > CONFIG_MAX_BYTES)
            return hi_error_set(err, EFBIG, "config", "%s: larger than %d bytes", path,
                                CONFIG_MAX_BYTES);
    }
    buf[len] = '\0';
    *ret = TAKE_PTR(buf);
    return 0;
}

/*
 * jansson keeps no positions for values, so find where a top-level key stands by looking
 * for its quoted spelling followed by ':'. Keys are unique (duplicates are rejected), so
 * the first match outside a string value is the one; "?:?" when it is not found.
 */
static void key_position(const char *text, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    int line = 1, col = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '"' && strncmp(p + 1, key, klen) == 0 && p[klen + 1] == '"') {
            const char *q = p + klen + 2;
            q += strspn(q, " \t\r\n");
            if (*q == ':') {
                snprintf(buf, size, "%d:%d", line, col);
                return;
            }
        }
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
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
    int r = read_file(path, &text, err);
    if (r < 0)
        return r;
    return hi_config_text_apply(text, path, cfg, err);
}
