/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the HTTP response parser, fed the input in random-sized chunks
 * (sizes drawn from a generator seeded by the first bytes) and again whole: both must
 * reach the same state, status and body, never read past the cap and never overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hi_http whole, chunked;

static enum hi_http_state run(struct hi_http *h, const uint8_t *data, size_t size, size_t cap,
                              bool head, uint32_t seed)
{
    hi_http_init(h, cap, head);
    enum hi_http_state st = HI_HTTP_MORE;
    size_t off = 0;
    while (off < size && st == HI_HTTP_MORE) {
        size_t n = size - off;
        if (seed) {
            seed = seed * 1103515245u + 12345u;
            n = 1 + (seed >> 16) % 64;
            if (n > size - off)
                n = size - off;
        }
        size_t want = hi_http_want(h);
        if (want == 0)
            abort(); /* MORE always wants at least a byte */
        if (n > want)
            n = want;
        st = hi_http_feed(h, (const char *)data + off, n);
        off += n;
        if (h->total > cap || h->body_len > sizeof(h->body))
            abort();
    }
    if (st == HI_HTTP_MORE)
        st = hi_http_eof(h);
    if (st == HI_HTTP_MORE || (st == HI_HTTP_BAD && !h->why[0]))
        abort();
    if (st == HI_HTTP_DONE && (h->status < 100 || h->status > 999))
        abort();
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    /* byte 0: HEAD request and cap; bytes 1-2: the chunk generator's seed */
    bool head = data[0] & 1;
    size_t cap = (data[0] & 2) ? 64 + (size_t)(data[0] >> 2) * 16 : HI_PROBE_READ_CAP;
    uint32_t seed = (uint32_t)data[1] << 8 | data[2] | 1;
    data += 3;
    size -= 3;

    enum hi_http_state a = run(&whole, data, size, cap, head, 0);
    enum hi_http_state b = run(&chunked, data, size, cap, head, seed);
    if (a != b)
        abort();
    if (a == HI_HTTP_DONE &&
        (whole.status != chunked.status || whole.body_len != chunked.body_len ||
         memcmp(whole.body, chunked.body, whole.body_len) != 0 ||
         strcmp(whole.location, chunked.location) != 0 || whole.total != chunked.total))
        abort();
    return 0;
}
