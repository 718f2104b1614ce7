/* SPDX-License-Identifier: MIT */
/*
 * http.c - a bounded incremental HTTP/1.x response parser for the prober.
 *
 * One state machine, fed whatever the socket gave (any split is fine): the head byte by
 * byte, bodies in bulk. Nothing is allocated; header lines of any length are skipped
 * without being stored, except the three values a prober needs (Content-Length,
 * Transfer-Encoding, Location). The whole response, head included, is cut at the read
 * cap: a head that does not fit is an error, a body that does not fit is truncated.
 * Bare LF line ends are accepted (as every client does); a CR must be followed by LF.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hardinit/probe.h"

enum {
    S_PROTO,       /* "HTTP/1." */
    S_MINOR,       /* one digit */
    S_SP,          /* spaces before the code */
    S_CODE,        /* exactly three digits */
    S_REASON,      /* to the end of the line */
    S_STATUS_LF,   /* LF after CR */
    S_LINE_START,  /* a header line, or the empty line */
    S_NAME,        /* header name up to ':' */
    S_OWS,         /* spaces before the value */
    S_VALUE,       /* value up to the end of the line */
    S_VALUE_LF,    /* LF after CR */
    S_HEAD_END_LF, /* LF after the CR of the empty line */
    S_BODY_LENGTH, /* Content-Length bytes */
    S_BODY_CLOSE,  /* until the peer closes */
    S_CHUNK_SIZE,  /* hex digits */
    S_CHUNK_EXT,   /* ";ext" up to LF */
    S_CHUNK_SIZE_LF,
    S_CHUNK_DATA,
    S_CHUNK_DATA_END, /* CR or LF after the data */
    S_CHUNK_DATA_LF,
    S_TRAILER_START,
    S_TRAILER_LINE,
    S_TRAILER_END_LF,
};

enum { H_OTHER, H_LENGTH, H_TRANSFER, H_LOCATION };

static const char proto[] = "HTTP/1.";

static enum hi_http_state fail(struct hi_http *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum hi_http_state fail(struct hi_http *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->why, sizeof(h->why), fmt, ap);
    va_end(ap);
    h->result = HI_HTTP_BAD;
    return h->result;
}

static enum hi_http_state done(struct hi_http *h)
{
    h->result = HI_HTTP_DONE;
    return h->result;
}

static void reset_head(struct hi_http *h)
{
    h->st = S_PROTO;
    h->pos = 0;
    h->status = 0;
    h->reason[0] = '\0';
    h->location[0] = '\0';
    h->loc_len = 0;
    h->loc_too_long = false;
    h->has_length = false;
    h->chunked = false;
    h->length = 0;
}

void hi_http_init(struct hi_http *h, size_t read_cap, bool head_request)
{
    memset(h, 0, offsetof(struct hi_http, body)); /* body[] needs no clearing */
    h->body_len = 0;
    h->truncated = false;
    h->why[0] = '\0';
    h->result = HI_HTTP_MORE;
    h->head_request = head_request;
    h->cap = read_cap;
    h->total = 0;
    h->name_len = h->val_len = 0;
    h->hdr = H_OTHER;
    h->remaining = 0;
    reset_head(h);
}

size_t hi_http_want(const struct hi_http *h)
{
    return h->result == HI_HTTP_MORE ? h->cap - h->total : 0;
}

static bool tchar(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static void trim_right(char *s, size_t *len)
{
    while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    s[*len] = '\0';
}

/* A header line ended: act on the three values kept. */
static enum hi_http_state end_header(struct hi_http *h)
{
    if (h->hdr == H_LENGTH) {
        trim_right(h->val, &h->val_len);
        if (h->val_len == 0 || h->val_len > 18 || strspn(h->val, "0123456789") != h->val_len)
            return fail(h, "bad Content-Length '%s'", h->val);
        uint64_t v = strtoull(h->val, NULL, 10);
        if (h->has_length && v != h->length)
            return fail(h, "conflicting Content-Length headers");
        h->has_length = true;
        h->length = v;
    } else if (h->hdr == H_TRANSFER) {
        trim_right(h->val, &h->val_len);
        const char *last = strrchr(h->val, ',');
        last = last ? last + 1 : h->val;
        last += strspn(last, " \t");
        /* chunked last: chunked; any other final coding: delimited by the close */
        h->chunked = strcasecmp(last, "chunked") == 0;
    } else if (h->hdr == H_LOCATION) {
        trim_right(h->location, &h->loc_len);
        if (h->loc_too_long)
            h->location[0] = '\0';
    }
    h->hdr = H_OTHER;
    h->st = S_LINE_START;
    return HI_HTTP_MORE;
}

static void begin_value(struct hi_http *h)
{
    h->name[h->name_len < sizeof(h->name) ? h->name_len : sizeof(h->name) - 1] = '\0';
    h->hdr = H_OTHER;
    if (h->name_len < sizeof(h->name)) {
        if (strcasecmp(h->name, "content-length") == 0)
            h->hdr = H_LENGTH;
        else if (strcasecmp(h->name, "transfer-encoding") == 0)
            h->hdr = H_TRANSFER;
        else if (strcasecmp(h->name, "location") == 0)
            h->hdr = H_LOCATION;
    }
    h->val_len = 0;
    h->val[0] = '\0';
    if (h->hdr == H_LOCATION) { /* a second Location replaces the first */
        h->loc_len = 0;
        h->loc_too_long = false;
    }
}

static enum hi_http_state keep_value(struct hi_http *h, unsigned char c)
{
    if (h->hdr == H_LENGTH || h->hdr == H_TRANSFER) {
        if (h->val_len + 1 >= sizeof(h->val))
            return fail(h, "%s value too long",
                        h->hdr == H_LENGTH ? "Content-Length" : "Transfer-Encoding");
        h->val[h->val_len++] = (char)c;
        h->val[h->val_len] = '\0';
    } else if (h->hdr == H_LOCATION) {
        if (h->loc_len + 1 >= sizeof(h->location))
            h->loc_too_long = true;
        else
            h->location[h->loc_len++] = (char)c;
        h->location[h->loc_len] = '\0';
    }
    return HI_HTTP_MORE;
}

/* The empty line after the headers: what follows? */
static enum hi_http_state end_head(struct hi_http *h)
{
    if (h->status >= 100 && h->status < 200 && h->status != 101) {
        reset_head(h); /* 100 Continue, 103 Early Hints: the real response follows */
        return HI_HTTP_MORE;
    }
    if (h->head_request || h->status == 204 || h->status == 304 ||
        (h->status >= 100 && h->status < 200))
        return done(h);
    if (h->chunked) {
        h->st = S_CHUNK_SIZE;
        h->pos = 0;
        h->remaining = 0;
    } else if (h->has_length) {
        if (h->length == 0)
            return done(h);
        h->remaining = h->length;
        h->st = S_BODY_LENGTH;
    } else {
        h->st = S_BODY_CLOSE;
    }
    return HI_HTTP_MORE;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One byte of the status line. */
static enum hi_http_state status_byte(struct hi_http *h, unsigned char c)
{
    switch (h->st) {
    case S_PROTO:
        if (c != (unsigned char)proto[h->pos])
            return fail(h, "not an HTTP/1.x response (byte 0x%02x at offset %zu)", c, h->pos);
        if (++h->pos == sizeof(proto) - 1)
            h->st = S_MINOR;
        return HI_HTTP_MORE;
    case S_MINOR:
        if (!isdigit(c))
            return fail(h, "not an HTTP/1.x response (version)");
        h->minor = c - '0';
        h->st = S_SP;
        h->pos = 0;
        return HI_HTTP_MORE;
    case S_SP:
        if (c == ' ') {
            h->pos++;
            return HI_HTTP_MORE;
        }
        if (h->pos == 0 || !isdigit(c))
            return fail(h, "malformed status line (no status code)");
        h->st = S_CODE;
        h->pos = 0;
        __attribute__((fallthrough));
    case S_CODE:
        if (isdigit(c)) {
            if (++h->pos > 3)
                return fail(h, "malformed status line (status code has more than 3 digits)");
            h->status = h->status * 10 + (c - '0');
            return HI_HTTP_MORE;
        }
        if (h->pos < 3)
            return fail(h, "malformed status line (status code has fewer than 3 digits)");
        if (h->status < 100)
            return fail(h, "malformed status line (status code %03d)", h->status);
        if (c != ' ' && c != '\r' && c != '\n')
            return fail(h, "malformed status line (junk after the status code)");
        h->pos = 0;
        h->st = S_REASON;
        if (c == ' ')
            return HI_HTTP_MORE;
        __attribute__((fallthrough));
    case S_REASON:
        if (c == '\r') {
            h->st = S_STATUS_LF;
        } else if (c == '\n') {
            h->st = S_LINE_START;
        } else if (c < 0x20 && c != '\t') {
            return fail(h, "malformed status line (control byte 0x%02x)", c);
        } else if (h->pos + 1 < sizeof(h->reason)) {
            h->reason[h->pos++] = (char)(c >= 0x7f ? '?' : c);
            h->reason[h->pos] = '\0';
        }
        return HI_HTTP_MORE;
    case S_STATUS_LF:
        if (c != '\n')
            return fail(h, "malformed status line (CR without LF)");
        h->st = S_LINE_START;
        return HI_HTTP_MORE;
    }
    return fail(h, "internal parser state %d", h->st);
}

/* One byte of a header line or the empty line. */
static enum hi_http_state header_byte(struct hi_http *h, unsigned char c)
{
    switch (h->st) {
    case S_LINE_START:
        if (c == '\r') {
            h->st = S_HEAD_END_LF;
            return HI_HTTP_MORE;
        }
        if (c == '\n')
            return end_head(h);
        if (c == ' ' || c == '\t') /* obs-fold (RFC 9112 5.2): no server of ours needs it */
            return fail(h, "obsolete header line folding");
        if (!tchar(c))
            return fail(h, "malformed header line (byte 0x%02x in a name)", c);
        h->name_len = 0;
        h->st = S_NAME;
        __attribute__((fallthrough));
    case S_NAME:
        if (c == ':') {
            begin_value(h);
            h->st = S_OWS;
            return HI_HTTP_MORE;
        }
        if (!tchar(c))
            return fail(h, "malformed header line (byte 0x%02x in a name)", c);
        if (h->name_len < sizeof(h->name))
            h->name[h->name_len] = (char)c;
        h->name_len++;
        return HI_HTTP_MORE;
    case S_OWS:
        if (c == ' ' || c == '\t')
            return HI_HTTP_MORE;
        h->st = S_VALUE;
        __attribute__((fallthrough));
    case S_VALUE:
        if (c == '\r') {
            h->st = S_VALUE_LF;
            return HI_HTTP_MORE;
        }
        if (c == '\n')
            return end_header(h);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return fail(h, "malformed header value (control byte 0x%02x)", c);
        return keep_value(h, c);
    case S_VALUE_LF:
        if (c != '\n')
            return fail(h, "malformed header line (CR without LF)");
        return end_header(h);
    case S_HEAD_END_LF:
        if (c != '\n')
            return fail(h, "malformed header block (CR without LF)");
        return end_head(h);
    }
    return fail(h, "internal parser state %d", h->st);
}

/* One byte of a chunk-size line, a chunk's CRLF or the trailer. */
static enum hi_http_state chunk_byte(struct hi_http *h, unsigned char c)
{
    switch (h->st) {
    case S_CHUNK_SIZE: {
        int v = hexval(c);
        if (v >= 0) {
            if (++h->pos > 15)
                return fail(h, "chunk size too large");
            h->remaining = h->remaining * 16 + (uint64_t)v;
            return HI_HTTP_MORE;
        }
        if (h->pos == 0)
            return fail(h, "malformed chunk size (byte 0x%02x)", c);
        if (c == ';' || c == ' ' || c == '\t') {
            h->st = S_CHUNK_EXT;
            return HI_HTTP_MORE;
        }
        if (c == '\r') {
            h->st = S_CHUNK_SIZE_LF;
            return HI_HTTP_MORE;
        }
        if (c != '\n')
            return fail(h, "malformed chunk size (byte 0x%02x)", c);
        break;
    }
    case S_CHUNK_EXT:
        if (c != '\n') {
            if (c < 0x20 && c != '\t' && c != '\r')
                return fail(h, "malformed chunk extension (control byte 0x%02x)", c);
            return HI_HTTP_MORE;
        }
        break;
    case S_CHUNK_SIZE_LF:
        if (c != '\n')
            return fail(h, "malformed chunk size line (CR without LF)");
        break;
    case S_CHUNK_DATA_END:
        if (c == '\r') {
            h->st = S_CHUNK_DATA_LF;
            return HI_HTTP_MORE;
        }
        __attribute__((fallthrough));
    case S_CHUNK_DATA_LF:
        if (c != '\n')
            return fail(h, "malformed chunk (no CRLF after the data)");
        h->st = S_CHUNK_SIZE;
        h->pos = 0;
        h->remaining = 0;
        return HI_HTTP_MORE;
    case S_TRAILER_START:
        if (c == '\r') {
            h->st = S_TRAILER_END_LF;
            return HI_HTTP_MORE;
        }
        if (c == '\n')
            return done(h);
        h->st = S_TRAILER_LINE;
        __attribute__((fallthrough));
    case S_TRAILER_LINE:
        if (c == '\n')
            h->st = S_TRAILER_START;
        return HI_HTTP_MORE;
    case S_TRAILER_END_LF:
        if (c != '\n')
            return fail(h, "malformed trailer (CR without LF)");
        return done(h);
    default:
        return fail(h, "internal parser state %d", h->st);
    }
    /* the chunk-size line ended */
    h->st = h->remaining == 0 ? S_TRAILER_START : S_CHUNK_DATA;
    return HI_HTTP_MORE;
}

static void keep_body(struct hi_http *h, const char *data, size_t n)
{
    size_t room = sizeof(h->body) - h->body_len;
    size_t k = n < room ? n : room;
    memcpy(h->body + h->body_len, data, k);
    h->body_len += k;
}

/* Body bytes in bulk; returns how many were consumed. */
static size_t body_bytes(struct hi_http *h, const char *data, size_t len)
{
    size_t n = len;
    if (h->st != S_BODY_CLOSE && n > h->remaining)
        n = (size_t)h->remaining;
    keep_body(h, data, n);
    if (h->st == S_BODY_CLOSE)
        return n;
    h->remaining -= n;
    if (h->remaining == 0) {
        if (h->st == S_BODY_LENGTH)
            done(h);
        else
            h->st = S_CHUNK_DATA_END;
    }
    return n;
}

enum hi_http_state hi_http_feed(struct hi_http *h, const char *data, size_t len)
{
    if (h->result != HI_HTTP_MORE)
        return h->result;
    if (len > h->cap - h->total)
        len = h->cap - h->total; /* never past the cap, whatever the caller does */
    size_t i = 0;
    while (i < len && h->result == HI_HTTP_MORE) {
        unsigned char c = (unsigned char)data[i];
        if (h->st == S_BODY_LENGTH || h->st == S_BODY_CLOSE || h->st == S_CHUNK_DATA) {
            i += body_bytes(h, data + i, len - i);
            continue;
        }
        i++;
        if (h->st <= S_STATUS_LF)
            status_byte(h, c);
        else if (h->st <= S_HEAD_END_LF)
            header_byte(h, c);
        else
            chunk_byte(h, c);
    }
    h->total += i;
    if (h->result == HI_HTTP_MORE && h->total >= h->cap) {
        if (h->st <= S_HEAD_END_LF)
            return fail(h, "response head longer than the %zu-byte read cap", h->cap);
        h->truncated = true;
        return done(h);
    }
    return h->result;
}

enum hi_http_state hi_http_eof(struct hi_http *h)
{
    if (h->result != HI_HTTP_MORE)
        return h->result;
    if (h->st == S_BODY_CLOSE)
        return done(h);
    if (h->total == 0)
        return fail(h, "connection closed before any response");
    if (h->st <= S_STATUS_LF)
        return fail(h, "connection closed in the status line");
    if (h->st <= S_HEAD_END_LF)
        return fail(h, "connection closed in the headers");
    if (h->st == S_BODY_LENGTH)
        return fail(h, "connection closed %llu bytes short of Content-Length %llu",
                    (unsigned long long)h->remaining, (unsigned long long)h->length);
    return fail(h, "connection closed in a chunked body");
}
