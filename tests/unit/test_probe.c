/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/probe: the URL parser, the HTTP response parser (every response fed
 * whole, split in two at every byte boundary, and byte by byte: the result must not
 * change), redirects, option parsers, and the state machine driven over unix sockets.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hardinit/probe.h"
#include "unit.h"

/* ---- URLs ------------------------------------------------------------------------------ */

static const struct {
    const char *in;
    int r;
    enum hi_url_scheme scheme;
    const char *host;
    unsigned port;
    const char *authority, *target, *socket;
} url_cases[] = {
    {"http://127.0.0.1:8080/healthz", 0, HI_URL_HTTP, "127.0.0.1", 8080, "127.0.0.1:8080",
     "/healthz", ""},
    {"http://example.com", 0, HI_URL_HTTP, "example.com", 80, "example.com", "/", ""},
    {"HTTP://Example.COM/a?b=c#frag", 0, HI_URL_HTTP, "Example.COM", 80, "Example.COM", "/a?b=c",
     ""},
    {"http://x?q=1", 0, HI_URL_HTTP, "x", 80, "x", "/?q=1", ""},
    {"http://[::1]:9000/", 0, HI_URL_HTTP, "::1", 9000, "[::1]:9000", "/", ""},
    {"http://[fe80::1%25eth0]/", 0, HI_URL_HTTP, "fe80::1%eth0", 80, "[fe80::1%25eth0]", "/", ""},
    {"http://localhost:1/", 0, HI_URL_HTTP, "localhost", 1, "localhost:1", "/", ""},
    {"http://a:65535", 0, HI_URL_HTTP, "a", 65535, "a:65535", "/", ""},
    {"tcp://db:5432", 0, HI_URL_TCP, "db", 5432, "db:5432", "/", ""},
    {"tcp://db:5432/", 0, HI_URL_TCP, "db", 5432, "db:5432", "/", ""},
    {"unix:///run/app.sock:/healthz?x", 0, HI_URL_UNIX, "", 0, "localhost", "/healthz?x",
     "/run/app.sock"},
    {"unix:///run/app.sock", 0, HI_URL_UNIX, "", 0, "localhost", "/", "/run/app.sock"},
    {"unix:///run/app.sock:", 0, HI_URL_UNIX, "", 0, "localhost", "/", "/run/app.sock"},
    {"", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"127.0.0.1:80", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"https://x/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"ftp://x/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http:///x", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://:80/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x:/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x:0/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x:65536/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x:-1/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x:8o/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x:123456789/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://u:p@x/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://[::1/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://[::g]/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://[127.0.0.1]/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://[::1]x/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://[fe80::1%eth0]/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://a b/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x/\x7f", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://x/\xc3\xa9", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"http://ex!mple/", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"tcp://db", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"tcp://db:1/path", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"unix://run/app.sock", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
    {"unix:///run/app.sock:healthz", -EINVAL, 0, NULL, 0, NULL, NULL, NULL},
};

START_TEST(test_url)
{
    struct hi_url u;
    struct hi_error err = {0};
    memset(&u, 0x5a, sizeof(u));
    int r = hi_url_parse(url_cases[_i].in, &u, &err);
    ck_assert_msg(r == url_cases[_i].r, "'%s': got %d (%s)", url_cases[_i].in, r, err.msg);
    if (r < 0) {
        ck_assert_str_eq(err.step, "url");
        ck_assert_msg(err.msg[0] && !strchr(err.msg, '\n'), "one-line reason");
        ck_assert_int_eq(((unsigned char *)&u)[0], 0x5a); /* untouched */
        return;
    }
    ck_assert_int_eq(u.scheme, url_cases[_i].scheme);
    ck_assert_str_eq(u.host, url_cases[_i].host);
    ck_assert_uint_eq(u.port, url_cases[_i].port);
    ck_assert_str_eq(u.authority, url_cases[_i].authority);
    ck_assert_str_eq(u.target, url_cases[_i].target);
    ck_assert_str_eq(u.socket, url_cases[_i].socket);
}
END_TEST

START_TEST(test_url_long)
{
    char buf[HI_URL_MAX + 10];
    struct hi_url u;
    memset(buf, 'a', sizeof(buf));
    memcpy(buf, "http://x/", 9);
    buf[HI_URL_MAX - 1] = '\0'; /* the longest accepted */
    ck_assert_int_eq(hi_url_parse(buf, &u, NULL), 0);
    buf[HI_URL_MAX - 1] = 'a';
    buf[HI_URL_MAX] = '\0';
    ck_assert_int_eq(hi_url_parse(buf, &u, NULL), -EINVAL);
    memcpy(buf, "unix:///", 8);
    buf[8 + 107] = '\0'; /* a socket path of 108 bytes with its '/' */
    ck_assert_int_eq(hi_url_parse(buf, &u, NULL), -EINVAL);
    buf[8 + 106] = '\0';
    ck_assert_int_eq(hi_url_parse(buf, &u, NULL), 0);
    ck_assert_uint_eq(strlen(u.socket), 107);
}
END_TEST

static const struct {
    const char *base, *loc;
    int r;
    const char *target;
    bool same;
} redirect_cases[] = {
    {"http://a:8080/x/y?q", "/ok", 0, "/ok", true},
    {"http://a:8080/x/y?q", "z", 0, "/x/z", true},
    {"http://a:8080/x/y?q", "?p", 0, "/x/y?p", true},
    {"http://a:8080/x/y", "http://A:8080/ok", 0, "/ok", true},
    {"http://a:8080/x/y", "http://a/ok", 0, "/ok", false},
    {"http://a:8080/x/y", "http://b:8080/ok", 0, "/ok", false},
    {"http://a/x", "//a/ok#f", 0, "/ok", true},
    {"http://a/x", "//b/ok", 0, "/ok", false},
    {"http://a/x", "https://a/x", -EINVAL, NULL, false},
    {"http://a/x", "/a b", -EINVAL, NULL, false},
    {"unix:///s.sock:/x", "/ok", 0, "/ok", true},
    {"unix:///s.sock:/x", "http://localhost/ok", 0, "/ok", false},
};

START_TEST(test_redirect)
{
    struct hi_url base, next;
    ck_assert_int_eq(hi_url_parse(redirect_cases[_i].base, &base, NULL), 0);
    int r = hi_url_resolve(&base, redirect_cases[_i].loc, &next, NULL);
    ck_assert_msg(r == redirect_cases[_i].r, "%s + %s: %d", redirect_cases[_i].base,
                  redirect_cases[_i].loc, r);
    if (r == 0) {
        ck_assert_str_eq(next.target, redirect_cases[_i].target);
        ck_assert_int_eq(hi_url_same_origin(&base, &next), redirect_cases[_i].same);
    }
}
END_TEST

/* ---- HTTP responses -------------------------------------------------------------------- */

static const struct {
    const char *name, *in;
    bool head;
    size_t cap;
    enum hi_http_state want; /* after all bytes and, if still MORE, the peer's close */
    int status;
    const char *body, *why; /* why: a substring of the reason for BAD */
    const char *location;
} http_cases[] = {
    {"length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 0, HI_HTTP_DONE, 200,
     "hello", NULL, ""},
    {"bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", false, 0, HI_HTTP_DONE, 200, "hi", NULL,
     ""},
    {"no reason", "HTTP/1.1 204\r\n\r\n", false, 0, HI_HTTP_DONE, 204, "", NULL, ""},
    {"no reason, space", "HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n", false, 0, HI_HTTP_DONE, 503,
     "", NULL, ""},
    {"close-delimited 1.0", "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil close", false, 0,
     HI_HTTP_DONE, 200, "until close", NULL, ""},
    {"chunked",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
     "5\r\nhello\r\n9;x=y\r\n, healthy\r\n0\r\nT: 1\r\n\r\n",
     false, 0, HI_HTTP_DONE, 200, "hello, healthy", NULL, ""},
    {"chunked, bare LF, upper hex",
     "HTTP/1.1 200 OK\nTransfer-Encoding: gzip, Chunked\n\n"
     "0B\nhello world\n0\n\n",
     false, 0, HI_HTTP_DONE, 200, "hello world", NULL, ""},
    {"chunked wins over length",
     "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
     "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
     false, 0, HI_HTTP_DONE, 200, "ok", NULL, ""},
    {"other coding: until close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", false, 0,
     HI_HTTP_DONE, 200, "zz", NULL, ""},
    {"HEAD has no body", "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", true, 0, HI_HTTP_DONE,
     200, "", NULL, ""},
    {"304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", false, 0,
     HI_HTTP_DONE, 304, "", NULL, ""},
    {"100 Continue first",
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
     "Content-Length: 2\r\n\r\nok",
     false, 0, HI_HTTP_DONE, 200, "ok", NULL, ""},
    {"location", "HTTP/1.1 302 Found\r\nLocation:   /next?a=1  \r\nContent-Length: 0\r\n\r\n",
     false, 0, HI_HTTP_DONE, 302, "", NULL, "/next?a=1"},
    {"same lengths twice", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-length: 1\r\n\r\nx",
     false, 0, HI_HTTP_DONE, 200, "x", NULL, ""},
    {"body cut at the cap", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789abcdef", false,
     48, HI_HTTP_DONE, 200, "01234567", NULL, ""},
    {"long header skipped",
     "HTTP/1.1 200 OK\r\nX-Long: "
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "\r\nAn-Extremely-Long-Header-Name-That-Is-Not-Kept: 1\r\nContent-Length: 1\r\n\r\n!",
     false, 0, HI_HTTP_DONE, 200, "!", NULL, ""},
    {"4-digit status", "HTTP/1.1 2000 OK\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL,
     "more than 3 digits", ""},
    {"2-digit status", "HTTP/1.1 20 OK\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL,
     "fewer than 3 digits", ""},
    {"status 099", "HTTP/1.1 099 OK\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL, "099", ""},
    {"status junk", "HTTP/1.1 200x\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL, "junk", ""},
    {"garbage", "<html>hi</html>", false, 0, HI_HTTP_BAD, 0, NULL, "not an HTTP/1.x", ""},
    {"HTTP/2", "HTTP/2 200\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL, "not an HTTP/1.x", ""},
    {"lower case", "http/1.1 200 OK\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL, "not an HTTP", ""},
    {"no space", "HTTP/1.1200 OK\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL, "no status code", ""},
    {"CR without LF", "HTTP/1.1 200 OK\rX", false, 0, HI_HTTP_BAD, 0, NULL, "CR without LF", ""},
    {"bad length", "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL,
     "Content-Length", ""},
    {"negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, 0, HI_HTTP_BAD, 0,
     NULL, "Content-Length", ""},
    {"huge length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", false, 0,
     HI_HTTP_BAD, 0, NULL, "Content-Length", ""},
    {"conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
     false, 0, HI_HTTP_BAD, 0, NULL, "conflicting", ""},
    {"space in a name", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL,
     "name", ""},
    {"obs-fold", "HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL, "folding",
     ""},
    {"NUL in a value", "HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n", false, 0, HI_HTTP_BAD, 0, NULL,
     "control", ""},
    {"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, 0,
     HI_HTTP_BAD, 0, NULL, "chunk size", ""},
    {"huge chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
     false, 0, HI_HTTP_BAD, 0, NULL, "too large", ""},
    {"no CRLF after a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab", false,
     0, HI_HTTP_BAD, 0, NULL, "no CRLF", ""},
    {"closed before anything", "", false, 0, HI_HTTP_BAD, 0, NULL, "before any response", ""},
    {"closed in the status line", "HTTP/1.1 20", false, 0, HI_HTTP_BAD, 0, NULL,
     "in the status line", ""},
    {"closed in the headers", "HTTP/1.1 200 OK\r\nA: b\r\n", false, 0, HI_HTTP_BAD, 0, NULL,
     "in the headers", ""},
    {"closed short of the length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, 0,
     HI_HTTP_BAD, 0, NULL, "short of Content-Length", ""},
    {"closed in a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", false, 0,
     HI_HTTP_BAD, 0, NULL, "chunked body", ""},
    {"head over the cap", "HTTP/1.1 200 OK\r\nX: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
     false, 32, HI_HTTP_BAD, 0, NULL, "read cap", ""},
};

/* Feed in into h in pieces: split at 'at' (0: whole), or byte by byte when at == SIZE_MAX. */
static enum hi_http_state feed(struct hi_http *h, const char *in, size_t len, size_t cap, bool head,
                               size_t at)
{
    hi_http_init(h, cap ? cap : HI_PROBE_READ_CAP, head);
    enum hi_http_state st = HI_HTTP_MORE;
    size_t off = 0;
    while (off < len && st == HI_HTTP_MORE) {
        size_t n = at == SIZE_MAX ? 1 : (at && off < at ? at : len - off);
        if (n > len - off)
            n = len - off;
        size_t want = hi_http_want(h);
        ck_assert_uint_gt(want, 0);
        if (n > want)
            n = want; /* as the prober reads: never past the cap */
        st = hi_http_feed(h, in + off, n);
        off += n;
    }
    if (st == HI_HTTP_MORE)
        st = hi_http_eof(h);
    ck_assert_uint_le(h->total, cap ? cap : HI_PROBE_READ_CAP);
    return st;
}

static size_t case_len(int i)
{
    /* "NUL in a value" has a NUL inside: its length is that of the literal. */
    if (strcmp(http_cases[i].name, "NUL in a value") == 0)
        return sizeof("HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n") - 1;
    return strlen(http_cases[i].in);
}

static void check_http(int i, const struct hi_http *h, enum hi_http_state st, const char *how)
{
    ck_assert_msg(st == http_cases[i].want, "%s (%s): state %d, want %d (%s)", http_cases[i].name,
                  how, st, http_cases[i].want, h->why);
    if (st == HI_HTTP_BAD) {
        ck_assert_msg(strstr(h->why, http_cases[i].why), "%s (%s): why '%s', want '%s'",
                      http_cases[i].name, how, h->why, http_cases[i].why);
        ck_assert_msg(!strchr(h->why, '\n'), "one line");
        return;
    }
    ck_assert_int_eq(h->status, http_cases[i].status);
    ck_assert_uint_eq(h->body_len, strlen(http_cases[i].body));
    ck_assert_msg(memcmp(h->body, http_cases[i].body, h->body_len) == 0, "%s (%s): body",
                  http_cases[i].name, how);
    ck_assert_str_eq(h->location, http_cases[i].location);
}

START_TEST(test_http)
{
    static struct hi_http h;
    size_t len = case_len(_i);
    enum hi_http_state st =
        feed(&h, http_cases[_i].in, len, http_cases[_i].cap, http_cases[_i].head, 0);
    check_http(_i, &h, st, "whole");
    st = feed(&h, http_cases[_i].in, len, http_cases[_i].cap, http_cases[_i].head, SIZE_MAX);
    check_http(_i, &h, st, "byte by byte");
    for (size_t at = 1; at < len; at++) {
        char how[32];
        snprintf(how, sizeof(how), "split at %zu", at);
        st = feed(&h, http_cases[_i].in, len, http_cases[_i].cap, http_cases[_i].head, at);
        check_http(_i, &h, st, how);
    }
}
END_TEST

START_TEST(test_http_cap_exact)
{
    /* A close-delimited body reaching the cap exactly is cut there, and done. */
    static struct hi_http h;
    static char resp[HI_PROBE_READ_CAP + 100];
    int n = snprintf(resp, sizeof(resp), "HTTP/1.0 200 OK\r\n\r\n");
    memset(resp + n, 'b', sizeof(resp) - (size_t)n);
    hi_http_init(&h, HI_PROBE_READ_CAP, false);
    ck_assert_int_eq(hi_http_feed(&h, resp, sizeof(resp)), HI_HTTP_DONE); /* clamped */
    ck_assert_uint_eq(h.total, HI_PROBE_READ_CAP);
    ck_assert(h.truncated);
    ck_assert_uint_eq(h.body_len, HI_PROBE_READ_CAP - (size_t)n);
    ck_assert_uint_eq(hi_http_want(&h), 0);
}
END_TEST

/* ---- options --------------------------------------------------------------------------- */

static const struct {
    const char *in;
    int r;
    size_t n;
    unsigned lo0, hi_last;
} status_cases[] = {
    {"200", 0, 1, 200, 200},
    {"200-299,418", 0, 2, 200, 418},
    {"100-999", 0, 1, 100, 999},
    {"", -EINVAL, 0, 0, 0},
    {"200,", -EINVAL, 0, 0, 0},
    {",200", -EINVAL, 0, 0, 0},
    {"200-", -EINVAL, 0, 0, 0},
    {"2xx", -EINVAL, 0, 0, 0},
    {"99", -ERANGE, 0, 0, 0},
    {"1000", -ERANGE, 0, 0, 0},
    {"0200", -ERANGE, 0, 0, 0},
    {"299-200", -ERANGE, 0, 0, 0},
    {"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", -ERANGE, 0, 0, 0},
};

START_TEST(test_status)
{
    struct hi_probe_opts o;
    hi_probe_opts_init(&o);
    int r = hi_probe_parse_status(&o, status_cases[_i].in, NULL);
    ck_assert_msg(r == status_cases[_i].r, "'%s': %d", status_cases[_i].in, r);
    ck_assert_uint_eq(o.n_expect, status_cases[_i].n);
    if (r == 0) {
        ck_assert_uint_eq(o.expect[0].lo, status_cases[_i].lo0);
        ck_assert_uint_eq(o.expect[o.n_expect - 1].hi, status_cases[_i].hi_last);
    }
}
END_TEST

START_TEST(test_header)
{
    struct hi_probe_opts o;
    hi_probe_opts_init(&o);
    ck_assert_int_eq(hi_probe_add_header(&o, "Host: example.test", NULL), 0);
    ck_assert_int_eq(hi_probe_add_header(&o, "X-A:1", NULL), 0);
    ck_assert_int_eq(hi_probe_add_header(&o, "Accept:", NULL), 0);
    ck_assert_str_eq(o.headers[1], "X-A: 1");
    ck_assert_str_eq(o.headers[2], "Accept: ");
    ck_assert_int_eq(hi_probe_add_header(&o, "no colon", NULL), -EINVAL);
    ck_assert_int_eq(hi_probe_add_header(&o, ": x", NULL), -EINVAL);
    ck_assert_int_eq(hi_probe_add_header(&o, "A B: x", NULL), -EINVAL);
    ck_assert_int_eq(hi_probe_add_header(&o, "A: x\r\nB: y", NULL), -EINVAL);
    while (o.n_headers < HI_PROBE_MAX_HEADERS)
        ck_assert_int_eq(hi_probe_add_header(&o, "X: y", NULL), 0);
    ck_assert_int_eq(hi_probe_add_header(&o, "X: y", NULL), -E2BIG);
}
END_TEST

/* ---- the state machine, over unix sockets ---------------------------------------------- */

static int listen_unix(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof(a.sun_path), "%.100s", path);
    unlink(path);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(listen(fd, 8), 0);
    return fd;
}

/* Drive probes with poll until all are done; serve answers the first after its request. */
static void drive(struct hi_probe *p, size_t n, int lfd, const char *answer)
{
    int conn = -1;
    for (int rounds = 0; rounds < 1000; rounds++) {
        struct pollfd fds[8];
        size_t k = 0;
        uint64_t next = UINT64_MAX, now = hi_probe_now_ms();
        for (size_t i = 0; i < n; i++) {
            if (hi_probe_done(&p[i]))
                continue;
            fds[k++] = (struct pollfd){hi_probe_fd(&p[i]), hi_probe_events(&p[i]), 0};
            if (hi_probe_deadline(&p[i]) < next)
                next = hi_probe_deadline(&p[i]);
        }
        if (k == 0)
            break;
        fds[k] = (struct pollfd){conn < 0 ? lfd : conn, POLLIN, 0};
        int r = poll(fds, k + 1, next > now ? (int)(next - now) : 0);
        ck_assert_int_ge(r, 0);
        if (fds[k].revents && conn < 0) {
            conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        } else if (fds[k].revents) {
            char req[4096];
            ssize_t got = read(conn, req, sizeof(req));
            if (got > 0 && answer) {
                ck_assert(write(conn, answer, strlen(answer)) == (ssize_t)strlen(answer));
                close(conn);
                conn = -2; /* served: never accept again */
            }
        }
        now = hi_probe_now_ms();
        for (size_t i = 0, j = 0; i < n; i++) {
            if (hi_probe_done(&p[i]))
                continue;
            hi_probe_step(&p[i], fds[j++].revents, now);
        }
    }
    if (conn >= 0)
        close(conn);
}

START_TEST(test_probe_unix)
{
    char dir[] = "/tmp/hi-probe-test.XXXXXX", path[128], url[200];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/s.sock", dir);
    int lfd = listen_unix(path);

    /* one probe served with a 200 and a body */
    static struct hi_probe_opts o;
    static struct hi_probe p[2];
    hi_probe_opts_init(&o);
    snprintf(url, sizeof(url), "unix://%s:/healthz", path);
    ck_assert_int_eq(hi_url_parse(url, &o.url, NULL), 0);
    snprintf(o.expect_body, sizeof(o.expect_body), "fine");
    ck_assert_int_eq(hi_probe_start(&p[0], &o, hi_probe_now_ms()), 0);
    ck_assert(!hi_probe_done(&p[0]));
    drive(p, 1, lfd, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine");
    ck_assert_msg(hi_probe_result(&p[0])->healthy, "%s", hi_probe_result(&p[0])->why);
    ck_assert_int_eq(hi_probe_result(&p[0])->status, 200);

    /* two at once: one never answered times out, the other one refused at once */
    static struct hi_probe_opts o2;
    o.timeout_ms = 200;
    hi_probe_opts_init(&o2);
    snprintf(url, sizeof(url), "unix://%s/none.sock", dir);
    ck_assert_int_eq(hi_url_parse(url, &o2.url, NULL), 0);
    uint64_t t0 = hi_probe_now_ms();
    hi_probe_start(&p[0], &o, t0);
    hi_probe_start(&p[1], &o2, t0);
    drive(p, 2, lfd, NULL);
    uint64_t took = hi_probe_now_ms() - t0;
    const struct hi_probe_result *r0 = hi_probe_result(&p[0]), *r1 = hi_probe_result(&p[1]);
    ck_assert(!r0->healthy && r0->error == ETIMEDOUT && r0->phase == HI_PROBE_RECEIVE);
    ck_assert_msg(strstr(r0->why, "timed out"), "%s", r0->why);
    ck_assert(!r1->healthy && r1->error == ENOENT && r1->phase == HI_PROBE_CONNECT);
    ck_assert_msg(took >= 200 && took < 1000, "took %llu ms", (unsigned long long)took);
    ck_assert_int_eq(hi_probe_fd(&p[0]), -1);
    hi_probe_cancel(&p[0]); /* idempotent */
    hi_probe_cancel(&p[1]);

    close(lfd);
    unlink(path);
    rmdir(dir);
}
END_TEST

/*
 * The way the init will drive probes: epoll, one registration per probe, re-registered
 * whenever hi_probe_fd() changes. localhost with a server on ::1 only: 127.0.0.1 is
 * refused, then ::1 answers (the fd changes on the way).
 */
START_TEST(test_probe_epoll)
{
    int lfd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    socklen_t alen = sizeof(a);
    setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        fprintf(stderr, "# no IPv6 loopback: skipped\n");
        return;
    }
    ck_assert_int_eq(listen(lfd, 8), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);

    static struct hi_probe_opts o;
    static struct hi_probe p;
    char url[64];
    hi_probe_opts_init(&o);
    snprintf(url, sizeof(url), "http://localhost:%u/", ntohs(a.sin6_port));
    ck_assert_int_eq(hi_url_parse(url, &o.url, NULL), 0);
    hi_probe_start(&p, &o, hi_probe_now_ms());

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev), 0);
    int conn = -1, adds = 0;
    while (!hi_probe_done(&p)) {
        /* re-arm after every step: MOD, or ADD when the fd is new (its number may be the
         * one of the fd the probe just closed, which left the set by itself) */
        int fd = hi_probe_fd(&p);
        ev = (struct epoll_event){.events = (uint32_t)hi_probe_events(&p), .data.ptr = &p};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0) {
            ck_assert_int_eq(errno, ENOENT);
            ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), 0);
            adds++;
        }
        uint64_t now = hi_probe_now_ms(), dl = hi_probe_deadline(&p);
        struct epoll_event got[4];
        int n = epoll_wait(ep, got, 4, dl > now ? (int)(dl - now) : 0);
        short revents = 0;
        for (int i = 0; i < n; i++) {
            if (got[i].data.ptr == &p) {
                revents = (short)got[i].events;
            } else if (conn < 0) {
                conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                ev = (struct epoll_event){.events = EPOLLIN, .data.ptr = &conn};
                epoll_ctl(ep, EPOLL_CTL_ADD, conn, &ev);
            } else {
                char req[4096];
                static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                if (read(conn, req, sizeof(req)) > 0)
                    ck_assert(write(conn, ok, sizeof(ok) - 1) == sizeof(ok) - 1);
            }
        }
        hi_probe_step(&p, revents, hi_probe_now_ms());
    }
    const struct hi_probe_result *r = hi_probe_result(&p);
    ck_assert_msg(r->healthy, "%s", r->why);
    ck_assert_msg(strncmp(r->peer, "[::1]:", 6) == 0, "peer %s", r->peer);
    ck_assert_int_ge(adds, 1);
    if (conn >= 0)
        close(conn);
    close(ep);
    close(lfd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("probe");
    TCase *tc = tcase_create("probe");
    tcase_add_loop_test(tc, test_url, 0, N(url_cases));
    tcase_add_test(tc, test_url_long);
    tcase_add_loop_test(tc, test_redirect, 0, N(redirect_cases));
    tcase_add_loop_test(tc, test_http, 0, N(http_cases));
    tcase_add_test(tc, test_http_cap_exact);
    tcase_add_loop_test(tc, test_status, 0, N(status_cases));
    tcase_add_test(tc, test_header);
    tcase_add_test(tc, test_probe_unix);
    tcase_add_test(tc, test_probe_epoll);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return hi_run_suite(s);
}
