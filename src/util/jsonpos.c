/* SPDX-License-Identifier: MIT */
/* jsonpos.c - a small JSON scanner that only finds positions (see jsonpos.h). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "hardinit/jsonpos.h"

struct cursor {
    const char *p;
    int line, col;
};

static void advance(struct cursor *c)
{
    if (*c->p == '\n') {
        c->line++;
        c->col = 1;
    } else {
        c->col++;
    }
    c->p++;
}

static void skip_space(struct cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
        advance(c);
}

/* At '"': past the closing quote; the key text is [*start, *end). */
static bool skip_string(struct cursor *c, const char **start, const char **end)
{
    advance(c);
    if (start)
        *start = c->p;
    while (*c->p && *c->p != '"') {
        if (*c->p == '\\' && c->p[1])
            advance(c);
        advance(c);
    }
    if (*c->p != '"')
        return false;
    if (end)
        *end = c->p;
    advance(c);
    return true;
}

/* Past one value of any kind. depth bounds the recursion on hostile input. */
static bool skip_value(struct cursor *c, int depth)
{
    skip_space(c);
    if (depth > 512)
        return false;
    if (*c->p == '"')
        return skip_string(c, NULL, NULL);
    if (*c->p == '{' || *c->p == '[') {
        char close = *c->p == '{' ? '}' : ']';
        advance(c);
        skip_space(c);
        if (*c->p == close) {
            advance(c);
            return true;
        }
        for (;;) {
            if (close == '}') {
                skip_space(c);
                if (*c->p != '"' || !skip_string(c, NULL, NULL))
                    return false;
                skip_space(c);
                if (*c->p != ':')
                    return false;
                advance(c);
            }
            if (!skip_value(c, depth + 1))
                return false;
            skip_space(c);
            if (*c->p == ',') {
                advance(c);
                continue;
            }
            if (*c->p != close)
                return false;
            advance(c);
            return true;
        }
    }
    /* number, true, false, null */
    if (!*c->p)
        return false;
    while (*c->p && !strchr(",]} \t\r\n", *c->p))
        advance(c);
    return true;
}

int hi_json_locate(const char *text, const struct hi_json_step *path, size_t n, int want_key,
                   int *line, int *column)
{
    struct cursor c = {text, 1, 1};
    for (size_t s = 0; s < n; s++) {
        skip_space(&c);
        const struct hi_json_step *step = &path[s];
        if (step->key ? *c.p != '{' : *c.p != '[')
            return -ENOENT;
        advance(&c);
        bool found = false;
        for (size_t i = 0; !found; i++) {
            skip_space(&c);
            if (*c.p == '}' || *c.p == ']' || !*c.p)
                return -ENOENT;
            if (step->key) {
                struct cursor at_key = c;
                const char *ks, *ke;
                if (*c.p != '"' || !skip_string(&c, &ks, &ke))
                    return -ENOENT;
                skip_space(&c);
                if (*c.p != ':')
                    return -ENOENT;
                advance(&c);
                size_t klen = strlen(step->key);
                if ((size_t)(ke - ks) == klen && strncmp(ks, step->key, klen) == 0) {
                    found = true;
                    if (want_key && s + 1 == n) {
                        *line = at_key.line;
                        *column = at_key.col;
                        return 0;
                    }
                    break;
                }
            } else if (i == step->index) {
                found = true;
                break;
            }
            if (!skip_value(&c, 0))
                return -ENOENT;
            skip_space(&c);
            if (*c.p == ',')
                advance(&c);
        }
    }
    skip_space(&c);
    *line = c.line;
    *column = c.col;
    return 0;
}
