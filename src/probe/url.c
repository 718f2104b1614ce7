/* SPDX-License-Identifier: MIT */
/*
 * url.c - the probe's URLs: http://HOST[:PORT][/PATH], tcp://HOST:PORT and
 * unix:///SOCKET[:/PATH]. Hosts are names, IPv4 literals or [IPv6] literals (with an
 * optional %25zone). Printable ASCII only, so nothing can be smuggled into the request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hardinit/parse.h"
#include "hardinit/probe.h"

#define STEP "url"

/* Reject url: the message quotes it, with control bytes shown as '?' (one line). */
static int bad(struct hi_error *err, const char *url, const char *why)
{
    char shown[201];
    size_t i;
    for (i = 0; url[i] && i < sizeof(shown) - 1; i++)
        shown[i] = (unsigned char)url[i] < 0x20 || url[i] == 0x7f ? '?' : url[i];
    shown[i] = '\0';
    return hi_error_set(err, EINVAL, STEP, "'%s': %s", shown, why);
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

/* [IPv6] at s (len bytes, brackets included): the address, "%25zone" turned into "%zone". */
static int parse_ipv6(const char *s, size_t len, struct hi_url *u)
{
    if (len < 3 || s[len - 1] != ']' || len - 2 >= sizeof(u->host))
        return -EINVAL;
    char addr[HI_URL_HOST_MAX];
    memcpy(addr, s + 1, len - 2);
    addr[len - 2] = '\0';
    char *zone = strchr(addr, '%');
    if (zone) {
        if (strncmp(zone, "%25", 3) != 0 || zone[3] == '\0')
            return -EINVAL;
        for (const char *z = zone + 3; *z; z++) {
            if (!name_char(*z))
                return -EINVAL;
        }
        memmove(zone + 1, zone + 3, strlen(zone + 3) + 1);
        *zone = '\0';
    }
    struct in6_addr a6;
    if (inet_pton(AF_INET6, addr, &a6) != 1)
        return -EINVAL;
    if (zone)
        *zone = '%';
    snprintf(u->host, sizeof(u->host), "%s", addr);
    u->ipv6_literal = true;
    return 0;
}

/* HOST[:PORT] of len bytes at s into u; port_required for tcp://. */
static int parse_authority(const char *url, const char *s, size_t len, bool port_required,
                           struct hi_url *u, struct hi_error *err)
{
    if (memchr(s, '@', len))
        return bad(err, url, "credentials in the URL are not supported (use -H Authorization)");
    if (len == 0)
        return bad(err, url, "no host");
    if (len >= sizeof(u->authority))
        return bad(err, url, "host too long");
    memcpy(u->authority, s, len);
    u->authority[len] = '\0';

    size_t hlen;
    if (s[0] == '[') {
        const char *close = memchr(s, ']', len);
        hlen = close ? (size_t)(close - s) + 1 : len;
        if (!close || parse_ipv6(s, hlen, u) < 0)
            return bad(err, url, "not an IPv6 address in brackets");
    } else {
        const char *colon = memchr(s, ':', len);
        hlen = colon ? (size_t)(colon - s) : len;
        if (hlen == 0)
            return bad(err, url, "no host");
        if (hlen > 253)
            return bad(err, url, "host name longer than 253 bytes");
        for (size_t i = 0; i < hlen; i++) {
            if (!name_char(s[i]))
                return bad(err, url, "host is not a name, an IPv4 or an [IPv6] address");
        }
        memcpy(u->host, s, hlen);
        u->host[hlen] = '\0';
    }

    if (hlen == len) {
        if (port_required)
            return bad(err, url, "no port (tcp://HOST:PORT)");
        u->port = 80;
        return 0;
    }
    if (s[hlen] != ':')
        return bad(err, url, "junk after the host");
    char port[8];
    size_t plen = len - hlen - 1;
    uint64_t v;
    if (plen == 0 || plen >= sizeof(port))
        return bad(err, url, "port is not a number from 1 to 65535");
    memcpy(port, s + hlen + 1, plen);
    port[plen] = '\0';
    if (hi_parse_uint(port, 1, 65535, &v) < 0)
        return bad(err, url, "port is not a number from 1 to 65535");
    u->port = (uint16_t)v;
    return 0;
}

/* The request target from what follows the authority: "/p?q#f" -> "/p?q". */
static int set_target(const char *url, const char *rest, struct hi_url *u, struct hi_error *err)
{
    size_t len = strcspn(rest, "#");
    bool slash = rest[0] == '/';
    if (len + !slash >= sizeof(u->target))
        return bad(err, url, "path too long");
    snprintf(u->target, sizeof(u->target), "%s%.*s", slash ? "" : "/", (int)len, rest);
    return 0;
}

int hi_url_parse(const char *s, struct hi_url *ret, struct hi_error *err)
{
    struct hi_url u;
    memset(&u, 0, sizeof(u));
    size_t n = strlen(s);
    if (n == 0)
        return bad(err, s, "empty URL");
    if (n >= HI_URL_MAX)
        return hi_error_set(err, EINVAL, STEP, "URL longer than %d bytes", HI_URL_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] <= 0x20 || s[i] >= 0x7f)
            return bad(err, s, "spaces, control and non-ASCII bytes must be %-encoded");
    }
    const char *sep = strstr(s, "://");
    if (!sep)
        return bad(err, s, "not a URL (http://HOST[:PORT]/PATH, tcp://HOST:PORT, unix:///SOCKET)");
    size_t slen = (size_t)(sep - s);
    const char *rest = sep + 3;

    if (slen == 5 && strncasecmp(s, "https", 5) == 0)
        return bad(err, s, "https is not supported (the probe has no TLS)");
    if (slen == 4 && strncasecmp(s, "unix", 4) == 0) {
        u.scheme = HI_URL_UNIX;
        if (rest[0] != '/')
            return bad(err, s, "a unix socket needs an absolute path (unix:///run/app.sock)");
        size_t plen = strcspn(rest, ":#");
        if (plen >= sizeof(u.socket))
            return bad(err, s, "socket path longer than 107 bytes");
        memcpy(u.socket, rest, plen);
        rest += plen;
        if (*rest == ':')
            rest++;
        if (*rest && *rest != '/' && *rest != '#')
            return bad(err, s, "the HTTP path after the socket must start with /");
        snprintf(u.authority, sizeof(u.authority), "localhost");
        if (set_target(s, rest, &u, err) < 0)
            return -EINVAL;
        *ret = u;
        return 0;
    }
    if (slen == 4 && strncasecmp(s, "http", 4) == 0)
        u.scheme = HI_URL_HTTP;
    else if (slen == 3 && strncasecmp(s, "tcp", 3) == 0)
        u.scheme = HI_URL_TCP;
    else
        return bad(err, s, "scheme not supported (http, tcp, unix)");

    size_t alen = strcspn(rest, "/?#");
    if (parse_authority(s, rest, alen, u.scheme == HI_URL_TCP, &u, err) < 0)
        return -EINVAL;
    rest += alen;
    if (u.scheme == HI_URL_TCP) {
        if (*rest && strcmp(rest, "/") != 0)
            return bad(err, s, "tcp:// takes no path");
        snprintf(u.target, sizeof(u.target), "/");
    } else if (set_target(s, rest, &u, err) < 0) {
        return -EINVAL;
    }
    *ret = u;
    return 0;
}

int hi_url_resolve(const struct hi_url *base, const char *loc, struct hi_url *ret,
                   struct hi_error *err)
{
    if (strstr(loc, "://"))
        return hi_url_parse(loc, ret, err);
    size_t n = strlen(loc);
    for (size_t i = 0; i < n; i++) {
        if (loc[i] <= 0x20 || loc[i] >= 0x7f)
            return bad(err, loc, "spaces, control and non-ASCII bytes in Location");
    }
    char buf[HI_URL_MAX];
    if (loc[0] == '/' && loc[1] == '/') {
        if (base->scheme != HI_URL_HTTP)
            return bad(err, loc, "a network-path reference from a non-http URL");
        if (snprintf(buf, sizeof(buf), "http:%s", loc) >= (int)sizeof(buf))
            return bad(err, loc, "too long");
        return hi_url_parse(buf, ret, err);
    }
    struct hi_url u = *base;
    if (loc[0] == '/' || loc[0] == '?') {
        size_t path_len = loc[0] == '?' ? strcspn(base->target, "?") : 0;
        if (path_len + n >= sizeof(u.target))
            return bad(err, loc, "too long");
        snprintf(u.target, sizeof(u.target), "%.*s%s", (int)path_len, base->target, loc);
    } else {
        /* relative to the base's directory: "/a/b?q" + "c" -> "/a/c" */
        size_t path_len = strcspn(base->target, "?");
        size_t dir = path_len;
        while (dir > 0 && base->target[dir - 1] != '/')
            dir--;
        if (dir + n >= sizeof(u.target))
            return bad(err, loc, "too long");
        snprintf(u.target, sizeof(u.target), "%.*s%s", (int)dir, base->target, loc);
    }
    u.target[strcspn(u.target, "#")] = '\0';
    if (!u.target[0])
        snprintf(u.target, sizeof(u.target), "/");
    *ret = u;
    return 0;
}

bool hi_url_same_origin(const struct hi_url *a, const struct hi_url *b)
{
    return a->scheme == b->scheme && a->port == b->port && strcasecmp(a->host, b->host) == 0 &&
           strcmp(a->socket, b->socket) == 0;
}
