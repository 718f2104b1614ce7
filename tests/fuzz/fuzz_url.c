/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the probe's URL parser, and the same bytes as a redirect's Location
 * resolved against fixed base URLs. What is accepted must be a URL the prober can use.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct hi_url *u)
{
    if (u->target[0] != '/' || strchr(u->target, '#'))
        abort();
    if (u->scheme != HI_URL_UNIX && (u->port == 0 || !u->host[0] || !u->authority[0]))
        abort();
    if (u->scheme == HI_URL_UNIX && u->socket[0] != '/')
        abort();
    for (const char *p = u->target; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f) /* nothing can be smuggled into the request line */
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4 * HI_URL_MAX)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    static struct hi_url u, base, next;
    struct hi_error err = {0};
    if (hi_url_parse(s, &u, &err) == 0)
        check(&u);
    else if (!err.msg[0] || strchr(err.msg, '\n'))
        abort(); /* a rejection says why, in one line */

    static const char *const bases[] = {"http://a:8080/x/y?q", "unix:///s.sock:/x"};
    for (size_t i = 0; i < 2; i++) {
        if (hi_url_parse(bases[i], &base, NULL) != 0)
            abort();
        if (hi_url_resolve(&base, s, &next, NULL) == 0) {
            check(&next);
            (void)hi_url_same_origin(&base, &next);
        }
    }
    free(s);
    return 0;
}
