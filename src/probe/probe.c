/* SPDX-License-Identifier: MIT */
/*
 * probe.c - one probe as a non-blocking state machine: resolve -> connect (every address,
 * each given its share of what is left of the connect time) -> send -> receive, under one
 * deadline. The caller owns the loop (poll in the CLI, epoll in the init): see probe.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "hardinit/probe.h"

#ifndef HARDINIT_VERSION
#define HARDINIT_VERSION "0"
#endif

/* ---- options --------------------------------------------------------------------------- */

void hi_probe_opts_init(struct hi_probe_opts *o)
{
    memset(o, 0, sizeof(*o));
    snprintf(o->method, sizeof(o->method), "GET");
    o->timeout_ms = HI_PROBE_DEFAULT_MS;
    o->read_cap = HI_PROBE_READ_CAP;
}

static bool tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

int hi_probe_add_header(struct hi_probe_opts *o, const char *h, struct hi_error *err)
{
    size_t nlen = 0;
    while (tchar(h[nlen]))
        nlen++;
    if (nlen == 0 || h[nlen] != ':')
        return hi_error_set(err, EINVAL, "-H", "'%.100s': not 'Name: value'", h);
    const char *v = h + nlen + 1;
    v += strspn(v, " \t");
    for (const char *c = v; *c; c++) {
        if ((unsigned char)*c < 0x20 && *c != '\t')
            return hi_error_set(err, EINVAL, "-H", "'%.*s': control byte in the value", (int)nlen,
                                h);
    }
    if (o->n_headers >= HI_PROBE_MAX_HEADERS)
        return hi_error_set(err, E2BIG, "-H", "more than %d headers", HI_PROBE_MAX_HEADERS);
    if (nlen + 2 + strlen(v) >= HI_PROBE_HEADER_MAX)
        return hi_error_set(err, E2BIG, "-H", "'%.*s': longer than %d bytes", (int)nlen, h,
                            HI_PROBE_HEADER_MAX - 1);
    snprintf(o->headers[o->n_headers++], HI_PROBE_HEADER_MAX, "%.*s: %s", (int)nlen, h, v);
    return 0;
}

int hi_probe_parse_status(struct hi_probe_opts *o, const char *s, struct hi_error *err)
{
    struct hi_status_range r[HI_PROBE_MAX_RANGES];
    size_t n = 0;
    const char *p = s;
    for (;;) {
        char *end;
        if (*p < '0' || *p > '9')
            goto bad;
        unsigned long lo = strtoul(p, &end, 10), hi = lo;
        if (*end == '-') {
            p = end + 1;
            if (*p < '0' || *p > '9')
                goto bad;
            hi = strtoul(p, &end, 10);
        }
        if (*end != ',' && *end != '\0')
            goto bad;
        if (lo < 100 || hi > 999 || lo > hi || end - p > 3)
            return hi_error_set(err, ERANGE, "--expect-status",
                                "'%.100s': codes are 100 to 999, low-high", s);
        if (n == HI_PROBE_MAX_RANGES)
            return hi_error_set(err, E2BIG, "--expect-status", "more than %d ranges",
                                HI_PROBE_MAX_RANGES);
        r[n].lo = (uint16_t)lo;
        r[n++].hi = (uint16_t)hi;
        if (*end == '\0')
            break;
        if (*end != ',')
            goto bad;
        p = end + 1;
    }
    memcpy(o->expect, r, sizeof(r[0]) * n);
    o->n_expect = n;
    return 0;
bad:
    return hi_error_set(err, EINVAL, "--expect-status",
                        "'%.100s': not a list of codes and ranges (200-299,418)", s);
}

/* ---- helpers --------------------------------------------------------------------------- */

uint64_t hi_probe_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *phase_name(enum hi_probe_phase ph)
{
    static const char *const names[] = {"resolve", "connect", "send", "receive", "done"};
    return names[ph];
}

static void close_fd(struct hi_probe *p)
{
    if (p->fd >= 0 && !p->resolver)
        close(p->fd);
    p->fd = -1;
    p->events = 0;
}

static void peer_name(const struct sockaddr_storage *a, char *buf, size_t size)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    if (a->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)a;
        inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
        snprintf(buf, size, "%s:%u", ip, ntohs(in->sin_port));
    } else if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)a;
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
        snprintf(buf, size, "[%s]:%u", ip, ntohs(in6->sin6_port));
    } else {
        snprintf(buf, size, "%.100s", ((const struct sockaddr_un *)a)->sun_path);
    }
}

struct hi_probe_resolver;
static void resolver_release(struct hi_probe_resolver *r);

/* End the probe; why is printf-formatted. Returns true (done). */
static bool finish(struct hi_probe *p, bool healthy, int error, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool finish(struct hi_probe *p, bool healthy, int error, const char *fmt, ...)
{
    enum hi_probe_phase phase = p->phase;
    if (p->resolver) {
        struct hi_probe_resolver *r = p->resolver;
        p->resolver = NULL;
        p->fd = -1; /* the eventfd is the resolver's */
        resolver_release(r);
    }
    close_fd(p);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->result.why, sizeof(p->result.why), fmt, ap);
    va_end(ap);
    p->result.healthy = healthy;
    p->result.error = error;
    p->result.phase = healthy ? HI_PROBE_DONE : phase;
    p->result.elapsed_ms = hi_probe_now_ms() - p->start_ms;
    p->phase = HI_PROBE_DONE;
    return true;
}

static bool timed_out(struct hi_probe *p, uint64_t now)
{
    uint64_t took = now - p->start_ms;
    switch (p->phase) {
    case HI_PROBE_RESOLVE:
        return finish(p, false, ETIMEDOUT, "resolve: %s: timed out after %llu ms", p->url.host,
                      (unsigned long long)took);
    case HI_PROBE_CONNECT:
        return finish(p, false, ETIMEDOUT, "connect: %s: timed out after %llu ms", p->result.peer,
                      (unsigned long long)took);
    default:
        return finish(p, false, ETIMEDOUT, "%s: %s: timed out after %llu ms (%zu bytes read)",
                      phase_name(p->phase), p->result.peer, (unsigned long long)took,
                      p->http.total);
    }
}

/* ---- the request ----------------------------------------------------------------------- */

/* The user's header of this name ("Host"), or NULL. */
static const char *user_header(const struct hi_probe_opts *o, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < o->n_headers; i++) {
        if (strncasecmp(o->headers[i], name, n) == 0 && o->headers[i][n] == ':')
            return o->headers[i];
    }
    return NULL;
}

static int build_request(struct hi_probe *p)
{
    const struct hi_probe_opts *o = p->opts;
    char defaults[4][HI_URL_HOST_MAX + 64];
    snprintf(defaults[0], sizeof(defaults[0]), "Host: %s", p->url.authority);
    snprintf(defaults[1], sizeof(defaults[1]), "User-Agent: hardinit-probe/%s", HARDINIT_VERSION);
    snprintf(defaults[2], sizeof(defaults[2]), "Accept: */*");
    snprintf(defaults[3], sizeof(defaults[3]), "Connection: close");

    char *b = p->request;
    size_t size = sizeof(p->request), len = 0;
    int n =
        snprintf(b, size, "%s %s HTTP/1.1\r\n", o->method[0] ? o->method : "GET", p->url.target);
    len = (size_t)n;
    for (int i = 0; i < 4 && len < size; i++) {
        char name[16];
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(defaults[i], ":"), defaults[i]);
        const char *h = user_header(o, name);
        if (h && h[strlen(name) + 2] == '\0')
            continue; /* "Name:" with nothing: drop the default */
        n = snprintf(b + len, size - len, "%s\r\n", h ? h : defaults[i]);
        len += (size_t)n;
    }
    for (size_t i = 0; i < o->n_headers && len < size; i++) {
        const char *h = o->headers[i];
        size_t nlen = strcspn(h, ":");
        bool is_default = false;
        for (int d = 0; d < 4; d++) {
            if (strncasecmp(defaults[d], h, nlen) == 0 && defaults[d][nlen] == ':')
                is_default = true;
        }
        if (is_default || h[nlen + 2] == '\0')
            continue;
        n = snprintf(b + len, size - len, "%s\r\n", h);
        len += (size_t)n;
    }
    if (len < size)
        len += (size_t)snprintf(b + len, size - len, "\r\n");
    if (len >= size)
        return -E2BIG;
    p->request_len = len;
    p->request_sent = 0;
    return 0;
}

/* ---- resolve --------------------------------------------------------------------------- */

struct hi_probe_resolver {
    atomic_int refs;
    atomic_bool done;
    int efd;
    int gai;
    char host[HI_URL_HOST_MAX];
    size_t n;
    struct sockaddr_storage addrs[HI_PROBE_MAX_ADDRS];
    socklen_t lens[HI_PROBE_MAX_ADDRS];
};

static void resolver_release(struct hi_probe_resolver *r)
{
    if (atomic_fetch_sub(&r->refs, 1) == 1) {
        close(r->efd);
        free(r);
    }
}

static void *resolver_thread(void *arg)
{
    struct hi_probe_resolver *r = arg;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC};
    struct addrinfo *res = NULL;
    r->gai = getaddrinfo(r->host, NULL, &hints, &res);
    for (struct addrinfo *ai = res; ai && r->n < HI_PROBE_MAX_ADDRS; ai = ai->ai_next) {
        if (ai->ai_addrlen > sizeof(r->addrs[0]))
            continue;
        memcpy(&r->addrs[r->n], ai->ai_addr, ai->ai_addrlen);
        r->lens[r->n++] = ai->ai_addrlen;
    }
    if (res)
        freeaddrinfo(res);
    atomic_store(&r->done, true);
    uint64_t one = 1;
    ssize_t w = write(r->efd, &one, sizeof(one));
    (void)w;
    resolver_release(r);
    return NULL;
}

/* A name: getaddrinfo in a detached thread, which signals an eventfd. */
static int start_resolver(struct hi_probe *p)
{
    struct hi_probe_resolver *r = calloc(1, sizeof(*r));
    if (!r)
        return -ENOMEM;
    r->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (r->efd < 0) {
        int e = errno;
        free(r);
        return -e;
    }
    snprintf(r->host, sizeof(r->host), "%s", p->url.host);
    atomic_init(&r->refs, 2);
    atomic_init(&r->done, false);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old); /* the thread takes no signal */
    pthread_t t;
    int e = pthread_create(&t, &attr, resolver_thread, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (e != 0) {
        close(r->efd);
        free(r);
        return -e;
    }
    p->resolver = r;
    p->fd = r->efd;
    p->events = POLLIN;
    return 0;
}

static void add_addr(struct hi_probe *p, const void *sa, socklen_t len)
{
    if (p->n_addrs < HI_PROBE_MAX_ADDRS) {
        memcpy(&p->addrs[p->n_addrs], sa, len);
        p->addr_lens[p->n_addrs++] = len;
    }
}

/* Literals, localhost and unix sockets need no resolver: 1 when resolved here. */
static int resolve_now(struct hi_probe *p)
{
    const struct hi_url *u = &p->url;
    p->n_addrs = 0;
    if (u->scheme == HI_URL_UNIX) {
        struct sockaddr_un un = {.sun_family = AF_UNIX};
        snprintf(un.sun_path, sizeof(un.sun_path), "%s", u->socket);
        add_addr(p, &un, sizeof(un));
        return 1;
    }
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(u->port)};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons(u->port)};
    if (strcasecmp(u->host, "localhost") == 0 || strcasecmp(u->host, "localhost.") == 0) {
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        add_addr(p, &in, sizeof(in));
        in6.sin6_addr = in6addr_loopback;
        add_addr(p, &in6, sizeof(in6));
        return 1;
    }
    if (inet_pton(AF_INET, u->host, &in.sin_addr) == 1) {
        add_addr(p, &in, sizeof(in));
        return 1;
    }
    if (u->ipv6_literal) {
        char addr[HI_URL_HOST_MAX];
        snprintf(addr, sizeof(addr), "%s", u->host);
        char *zone = strchr(addr, '%');
        if (zone) {
            *zone++ = '\0';
            unsigned idx = if_nametoindex(zone);
            if (idx == 0 && zone[strspn(zone, "0123456789")] == '\0')
                idx = (unsigned)strtoul(zone, NULL, 10);
            if (idx == 0)
                return -ENXIO;
            in6.sin6_scope_id = idx;
        }
        if (inet_pton(AF_INET6, addr, &in6.sin6_addr) != 1)
            return -EINVAL;
        add_addr(p, &in6, sizeof(in6));
        return 1;
    }
    return 0;
}

/* ---- connect, send, receive ----------------------------------------------------------- */

static bool try_next(struct hi_probe *p, uint64_t now);
static bool do_send(struct hi_probe *p, uint64_t now);

static bool connected(struct hi_probe *p, uint64_t now)
{
    if (p->url.scheme == HI_URL_TCP)
        return finish(p, true, 0, "connected to %s", p->result.peer);
    p->phase = HI_PROBE_SEND;
    p->events = POLLOUT;
    return do_send(p, now);
}

static bool try_next(struct hi_probe *p, uint64_t now)
{
    close_fd(p);
    p->phase = HI_PROBE_CONNECT;
    while (p->next_addr < p->n_addrs) {
        if (now >= p->connect_deadline_ms)
            break;
        size_t i = p->next_addr++;
        peer_name(&p->addrs[i], p->result.peer, sizeof(p->result.peer));
        int fd = socket(p->addrs[i].ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            p->last_errno = errno;
            continue;
        }
        p->fd = fd;
        if (connect(fd, (struct sockaddr *)&p->addrs[i], p->addr_lens[i]) == 0)
            return connected(p, now);
        if (errno == EINPROGRESS) {
            /* this address gets its share of what is left */
            uint64_t left = p->connect_deadline_ms - now;
            p->attempt_deadline_ms = now + left / (p->n_addrs - i);
            p->events = POLLOUT;
            return false;
        }
        p->last_errno = errno;
        close_fd(p);
    }
    if (p->last_errno == ETIMEDOUT || now >= p->connect_deadline_ms)
        return finish(p, false, ETIMEDOUT, "connect: %s: timed out after %llu ms%s", p->result.peer,
                      (unsigned long long)(now - p->start_ms),
                      p->n_addrs > 1 ? " (every address tried)" : "");
    if (p->n_addrs > 1)
        return finish(p, false, p->last_errno, "connect: %s: %s (%zu addresses tried)",
                      p->result.peer, strerror(p->last_errno), p->next_addr);
    return finish(p, false, p->last_errno, "connect: %s: %s", p->result.peer,
                  strerror(p->last_errno));
}

static bool evaluate(struct hi_probe *p, uint64_t now);

static bool do_receive(struct hi_probe *p, uint64_t now)
{
    char buf[4096];
    for (;;) {
        size_t want = hi_http_want(&p->http);
        ssize_t n = recv(p->fd, buf, want < sizeof(buf) ? want : sizeof(buf), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return false;
        if (n < 0)
            return finish(p, false, errno, "receive: %s: %s (%zu bytes read)", p->result.peer,
                          strerror(errno), p->http.total);
        enum hi_http_state st =
            n == 0 ? hi_http_eof(&p->http) : hi_http_feed(&p->http, buf, (size_t)n);
        if (st == HI_HTTP_BAD)
            return finish(p, false, EPROTO, "receive: %s: bad response: %s", p->result.peer,
                          p->http.why);
        if (st == HI_HTTP_DONE)
            return evaluate(p, now);
    }
}

static bool do_send(struct hi_probe *p, uint64_t now)
{
    while (p->request_sent < p->request_len) {
        ssize_t n = send(p->fd, p->request + p->request_sent, p->request_len - p->request_sent,
                         MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return false;
        if (n < 0)
            return finish(p, false, errno, "send: %s: %s", p->result.peer, strerror(errno));
        p->request_sent += (size_t)n;
    }
    p->phase = HI_PROBE_RECEIVE;
    p->events = POLLIN;
    return do_receive(p, now);
}

static bool status_expected(const struct hi_probe_opts *o, int status)
{
    if (o->n_expect == 0)
        return status >= 200 && status <= 399;
    for (size_t i = 0; i < o->n_expect; i++) {
        if (status >= o->expect[i].lo && status <= o->expect[i].hi)
            return true;
    }
    return false;
}

static void reset_http(struct hi_probe *p)
{
    size_t cap = p->opts->read_cap;
    hi_http_init(&p->http, cap && cap < HI_PROBE_READ_CAP ? cap : HI_PROBE_READ_CAP,
                 strcasecmp(p->opts->method, "HEAD") == 0);
}

/* Start over at the same addresses with a new request (redirects). */
static bool restart(struct hi_probe *p, uint64_t now)
{
    close_fd(p);
    if (build_request(p) < 0)
        return finish(p, false, E2BIG, "redirect: request too long");
    reset_http(p);
    p->next_addr = 0;
    p->last_errno = 0;
    p->connect_deadline_ms = p->deadline_ms;
    return try_next(p, now);
}

static bool evaluate(struct hi_probe *p, uint64_t now)
{
    const struct hi_http *h = &p->http;
    p->result.status = h->status;
    if (h->status >= 300 && h->status <= 399 && h->location[0] &&
        p->redirects < p->opts->follow_redirects) {
        struct hi_url next;
        if (hi_url_resolve(&p->url, h->location, &next, NULL) == 0 &&
            hi_url_same_origin(&p->url, &next)) {
            p->redirects++;
            p->url = next;
            return restart(p, now);
        }
    }
    const char *reason = h->reason[0] ? h->reason : "no reason phrase";
    if (!status_expected(p->opts, h->status))
        return finish(p, false, 0, "status %d (%s)", h->status, reason);
    if (p->opts->expect_body[0] &&
        !memmem(h->body, h->body_len, p->opts->expect_body, strlen(p->opts->expect_body)))
        return finish(p, false, 0, "status %d, but the body (%zu bytes read) lacks '%s'", h->status,
                      h->body_len, p->opts->expect_body);
    return finish(p, true, 0, "status %d (%s)", h->status, reason);
}

/* ---- the interface --------------------------------------------------------------------- */

int hi_probe_start(struct hi_probe *p, const struct hi_probe_opts *o, uint64_t now_ms)
{
    memset(&p->result, 0, sizeof(p->result));
    p->opts = o;
    p->url = o->url;
    p->phase = HI_PROBE_RESOLVE;
    p->fd = -1;
    p->events = 0;
    p->resolver = NULL;
    p->redirects = 0;
    p->n_addrs = p->next_addr = 0;
    p->last_errno = 0;
    p->start_ms = now_ms;
    uint64_t timeout = o->timeout_ms ? o->timeout_ms : HI_PROBE_DEFAULT_MS;
    uint64_t ctimeout =
        o->connect_timeout_ms && o->connect_timeout_ms < timeout ? o->connect_timeout_ms : timeout;
    p->deadline_ms = now_ms + timeout;
    p->connect_deadline_ms = now_ms + ctimeout;
    p->attempt_deadline_ms = p->connect_deadline_ms;
    reset_http(p);
    snprintf(p->result.peer, sizeof(p->result.peer), "%.100s",
             o->url.scheme == HI_URL_UNIX ? o->url.socket : o->url.authority);

    if (build_request(p) < 0) {
        finish(p, false, E2BIG, "request longer than %d bytes", HI_PROBE_REQUEST_MAX);
        return -E2BIG;
    }
    int r = resolve_now(p);
    if (r < 0) {
        finish(p, false, -r, "resolve: %s: %s", p->url.host, strerror(-r));
        return 0;
    }
    if (r == 1) {
        try_next(p, now_ms);
        return 0;
    }
    r = start_resolver(p);
    if (r < 0)
        finish(p, false, -r, "resolve: %s: %s", p->url.host, strerror(-r));
    return 0;
}

int hi_probe_fd(const struct hi_probe *p)
{
    return p->phase == HI_PROBE_DONE ? -1 : p->fd;
}

short hi_probe_events(const struct hi_probe *p)
{
    return p->phase == HI_PROBE_DONE ? 0 : p->events;
}

uint64_t hi_probe_deadline(const struct hi_probe *p)
{
    if (p->phase == HI_PROBE_CONNECT && p->attempt_deadline_ms < p->deadline_ms)
        return p->attempt_deadline_ms;
    if (p->phase == HI_PROBE_RESOLVE)
        return p->connect_deadline_ms;
    return p->deadline_ms;
}

static bool resolved(struct hi_probe *p, uint64_t now)
{
    struct hi_probe_resolver *r = p->resolver;
    p->resolver = NULL;
    p->fd = -1; /* the eventfd is the resolver's */
    int gai = r->gai;
    for (size_t i = 0; i < r->n; i++) {
        struct sockaddr_storage a = r->addrs[i];
        if (a.ss_family == AF_INET)
            ((struct sockaddr_in *)&a)->sin_port = htons(p->url.port);
        else if (a.ss_family == AF_INET6)
            ((struct sockaddr_in6 *)&a)->sin6_port = htons(p->url.port);
        else
            continue;
        add_addr(p, &a, r->lens[i]);
    }
    resolver_release(r);
    if (gai != 0 || p->n_addrs == 0)
        return finish(p, false, ENOENT, "resolve: %s: %s", p->url.host,
                      gai ? gai_strerror(gai) : "no address");
    return try_next(p, now);
}

bool hi_probe_step(struct hi_probe *p, short revents, uint64_t now_ms)
{
    switch (p->phase) {
    case HI_PROBE_DONE:
        return true;
    case HI_PROBE_RESOLVE:
        if (p->resolver && atomic_load(&p->resolver->done))
            return resolved(p, now_ms);
        if (now_ms >= p->connect_deadline_ms)
            return timed_out(p, now_ms);
        break;
    case HI_PROBE_CONNECT:
        if (revents) {
            int e = 0;
            socklen_t len = sizeof(e);
            if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
                e = errno;
            if (e == 0 && !(revents & POLLERR))
                return connected(p, now_ms);
            if (e != 0 || (revents & (POLLERR | POLLHUP))) {
                p->last_errno = e ? e : ECONNREFUSED;
                return try_next(p, now_ms);
            }
        }
        if (now_ms >= p->attempt_deadline_ms && now_ms < p->deadline_ms) {
            p->last_errno = ETIMEDOUT;
            return try_next(p, now_ms);
        }
        break;
    case HI_PROBE_SEND:
        if (revents && do_send(p, now_ms))
            return true;
        break;
    case HI_PROBE_RECEIVE:
        if (revents && do_receive(p, now_ms))
            return true;
        break;
    }
    if (p->phase != HI_PROBE_DONE && now_ms >= p->deadline_ms)
        return timed_out(p, now_ms);
    return p->phase == HI_PROBE_DONE;
}

bool hi_probe_done(const struct hi_probe *p)
{
    return p->phase == HI_PROBE_DONE;
}

const struct hi_probe_result *hi_probe_result(const struct hi_probe *p)
{
    return &p->result;
}

void hi_probe_cancel(struct hi_probe *p)
{
    if (p->resolver) {
        struct hi_probe_resolver *r = p->resolver;
        p->resolver = NULL;
        p->fd = -1;
        resolver_release(r);
    }
    close_fd(p);
    if (p->phase != HI_PROBE_DONE) {
        p->result.phase = p->phase;
        p->phase = HI_PROBE_DONE;
        if (!p->result.why[0])
            snprintf(p->result.why, sizeof(p->result.why), "%s: cancelled",
                     phase_name(p->result.phase));
    }
}
