/* SPDX-License-Identifier: MIT */
/*
 * probe.h - the HTTP/TCP health prober: URL parser, bounded incremental HTTP/1.x response
 * parser, and the probe itself as a non-blocking state machine.
 *
 * A probe is driven from outside by one fd, its poll events and one deadline, so a caller
 * can run any number of them in its own poll/epoll loop and never block:
 *
 *     struct hi_probe p;                     // no allocation: embed it or keep it static
 *     hi_probe_start(&p, &opts, hi_probe_now_ms());
 *     while (!hi_probe_done(&p)) {
 *         wait until hi_probe_fd(&p) has hi_probe_events(&p) (POLLIN/POLLOUT, the same bits
 *         as EPOLLIN/EPOLLOUT) or until hi_probe_deadline(&p) (CLOCK_MONOTONIC, ms);
 *         hi_probe_step(&p, revents, hi_probe_now_ms());  // revents 0 on a timeout
 *     }
 *     hi_probe_result(&p)->healthy ...
 *     hi_probe_cancel(&p);                    // closes whatever is open; always safe
 *
 * The fd and the events may change after every step (the resolver's eventfd, then one
 * socket per address tried), and a new fd may get the number of the one the probe just
 * closed (which left the epoll set by itself). So an epoll user re-arms after every step:
 * EPOLL_CTL_MOD with hi_probe_events(), and EPOLL_CTL_ADD when that fails with ENOENT.
 *
 * Name resolution: IP literals and "localhost" (127.0.0.1 and ::1, both tried, never NSS
 * or DNS) are resolved at once and never block or allocate. Other names go through
 * getaddrinfo() in a short-lived thread that signals an eventfd, so the deadline holds
 * even while DNS hangs; that path allocates.
 */
#ifndef HARDINIT_PROBE_H
#define HARDINIT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "hardinit/error.h"

#define HI_URL_MAX             2048
#define HI_URL_HOST_MAX        256
#define HI_URL_SOCKET_MAX      108 /* sizeof(sun_path) */
#define HI_PROBE_READ_CAP      10240
#define HI_PROBE_MAX_HEADERS   16
#define HI_PROBE_HEADER_MAX    512
#define HI_PROBE_MAX_RANGES    16
#define HI_PROBE_EXPECT_MAX    256
#define HI_PROBE_MAX_ADDRS     8
#define HI_PROBE_REQUEST_MAX   (HI_URL_MAX + HI_PROBE_MAX_HEADERS * HI_PROBE_HEADER_MAX + 512)
#define HI_HTTP_LOCATION_MAX   HI_URL_MAX
#define HI_HTTP_REASON_MAX     64
#define HI_PROBE_DEFAULT_MS    1000
#define HI_PROBE_MAX_REDIRECTS 20

/* ---- URLs ------------------------------------------------------------------------------ */

enum hi_url_scheme {
    HI_URL_HTTP = 0, /* http://HOST[:PORT][/PATH]       GET, healthy by status */
    HI_URL_TCP = 1,  /* tcp://HOST:PORT                 healthy when connect succeeds */
    HI_URL_UNIX = 2, /* unix:///SOCKET[:/PATH]          HTTP over a unix socket */
};

struct hi_url {
    enum hi_url_scheme scheme;
    char host[HI_URL_HOST_MAX]; /* name or IP literal, IPv6 without brackets; "" for unix */
    bool ipv6_literal;          /* host was written [..] */
    uint16_t port;
    char authority[HI_URL_HOST_MAX + 8]; /* the Host header: host[:port] as written */
    char socket[HI_URL_SOCKET_MAX];      /* unix: the socket's path */
    char target[HI_URL_MAX];             /* request target: path and query, "/" at least */
};

/*
 * Parse an absolute URL (at most HI_URL_MAX bytes, printable ASCII only). 0, or -EINVAL
 * with err filled under step "url" ("'ftp://x': scheme not supported ..."). *ret is
 * written only on success.
 */
int hi_url_parse(const char *s, struct hi_url *ret, struct hi_error *err);

/*
 * Resolve base's Location header value loc (absolute or relative) into *ret. 0 or -EINVAL.
 * hi_url_same_origin() tells whether a redirect may be followed.
 */
int hi_url_resolve(const struct hi_url *base, const char *loc, struct hi_url *ret,
                   struct hi_error *err);
bool hi_url_same_origin(const struct hi_url *a, const struct hi_url *b);

/* ---- HTTP/1.x response parser -------------------------------------------------------- */

enum hi_http_state {
    HI_HTTP_MORE = 0, /* feed more bytes (or call hi_http_eof) */
    HI_HTTP_DONE = 1, /* a whole response (or its first read_cap bytes, head complete) */
    HI_HTTP_BAD = 2,  /* not an acceptable response: reason says why */
};

/*
 * A byte-at-a-time state machine over fixed buffers: it never allocates and accepts at
 * most read_cap bytes in total (status line, headers and body). The head must fit in the
 * cap; a body longer than what is left is cut there without error (kubelet's rule).
 * Only what a prober needs is kept: status, reason, Location, and the body's first
 * sizeof(body) bytes (dechunked).
 */
struct hi_http {
    /* results */
    int status;                          /* 100..999, once the status line is read */
    int minor;                           /* HTTP/1.<minor> */
    char reason[HI_HTTP_REASON_MAX];     /* reason phrase, cut to fit */
    char location[HI_HTTP_LOCATION_MAX]; /* Location header, "" when absent or too long */
    char body[HI_PROBE_READ_CAP];        /* the body's first bytes */
    size_t body_len;                     /* bytes in body[] */
    bool truncated;                      /* the cap cut the body short */
    char why[160];                       /* HI_HTTP_BAD: one line, no newline */
    /* parser state (private) */
    enum hi_http_state result;
    int st;
    bool head_request;
    size_t cap, total;
    char name[32];
    size_t name_len;
    int hdr;                 /* which header the current value belongs to */
    size_t val_len, loc_len; /* bytes of the current value kept */
    char val[24];            /* Content-Length / Transfer-Encoding value kept */
    size_t pos;              /* bytes of "HTTP/1." matched, digits of a number */
    bool has_length, chunked, loc_too_long;
    uint64_t length, remaining;
};

/* Start parsing a response to a request (head_request: HEAD, which has no body). */
void hi_http_init(struct hi_http *h, size_t read_cap, bool head_request);

/* How many more bytes may be read from the peer (0 once done or bad). */
size_t hi_http_want(const struct hi_http *h);

/* Consume len bytes (len <= hi_http_want()); returns the state after them. */
enum hi_http_state hi_http_feed(struct hi_http *h, const char *data, size_t len);

/* The peer closed the connection: DONE for a close-delimited body, else BAD. */
enum hi_http_state hi_http_eof(struct hi_http *h);

/* ---- probe options --------------------------------------------------------------------- */

struct hi_status_range {
    uint16_t lo, hi;
};

struct hi_probe_opts {
    struct hi_url url;
    char method[16];                                         /* "" = GET */
    char headers[HI_PROBE_MAX_HEADERS][HI_PROBE_HEADER_MAX]; /* "Name: value"; empty value
                                                                 removes a default header */
    size_t n_headers;
    uint64_t timeout_ms;         /* resolve + connect + send + receive; 0 = 1 s */
    uint64_t connect_timeout_ms; /* resolve + connect, all addresses; 0 = timeout */
    struct hi_status_range expect[HI_PROBE_MAX_RANGES];
    size_t n_expect;                       /* 0: 200-399 (kubelet) */
    char expect_body[HI_PROBE_EXPECT_MAX]; /* "" = any body */
    unsigned follow_redirects;             /* same origin only */
    size_t read_cap;                       /* 0 = HI_PROBE_READ_CAP; at most that */
};

/* Defaults: GET, 1 s, kubelet's 200-399, 10 KiB cap, no redirects followed. */
void hi_probe_opts_init(struct hi_probe_opts *o);

/* "Name: value", checked (token name, no CR/LF); 0 or -EINVAL/-E2BIG with err filled. */
int hi_probe_add_header(struct hi_probe_opts *o, const char *h, struct hi_error *err);

/* "200-299,418": 0 or -EINVAL/-ERANGE with err filled; replaces o->expect. */
int hi_probe_parse_status(struct hi_probe_opts *o, const char *s, struct hi_error *err);

/* ---- the probe ------------------------------------------------------------------------- */

enum hi_probe_phase {
    HI_PROBE_RESOLVE = 0,
    HI_PROBE_CONNECT = 1,
    HI_PROBE_SEND = 2,
    HI_PROBE_RECEIVE = 3,
    HI_PROBE_DONE = 4,
};

struct hi_probe_result {
    bool healthy;
    enum hi_probe_phase phase; /* where it ended: DONE, or the phase that failed */
    int error;                 /* errno of a failed phase (ETIMEDOUT for the deadline), 0 */
    int status;                /* HTTP status, 0 when none was read */
    char peer[128];            /* the address connected to (or tried last), for messages */
    char why[400];             /* one line: "status 500 (Internal Server Error)",
                                  "connect: 127.0.0.1:8080: Connection refused" */
    uint64_t elapsed_ms;
};

struct hi_probe_resolver; /* private: the getaddrinfo thread's shared state */

struct hi_probe {
    /* everything here is private to src/probe/probe.c */
    const struct hi_probe_opts *opts;
    struct hi_url url; /* the current URL (redirects change it) */
    enum hi_probe_phase phase;
    int fd;
    short events;
    uint64_t start_ms, deadline_ms, connect_deadline_ms, attempt_deadline_ms;
    struct sockaddr_storage addrs[HI_PROBE_MAX_ADDRS];
    socklen_t addr_lens[HI_PROBE_MAX_ADDRS];
    size_t n_addrs, next_addr;
    int last_errno;
    struct hi_probe_resolver *resolver;
    char request[HI_PROBE_REQUEST_MAX];
    size_t request_len, request_sent;
    unsigned redirects;
    struct hi_http http;
    struct hi_probe_result result;
};

/* CLOCK_MONOTONIC in milliseconds: the clock of every now_ms and deadline here. */
uint64_t hi_probe_now_ms(void);

/*
 * Begin probing o->url (o must stay valid until the probe is done or cancelled). Never
 * blocks. Returns 0 (running, or already done: see hi_probe_done) or -errno when the
 * request cannot even be built (result filled either way).
 */
int hi_probe_start(struct hi_probe *p, const struct hi_probe_opts *o, uint64_t now_ms);

/* The fd to wait on (-1 when done), and for what: POLLIN or POLLOUT. */
int hi_probe_fd(const struct hi_probe *p);
short hi_probe_events(const struct hi_probe *p);

/* When to call hi_probe_step() even if the fd stays quiet (CLOCK_MONOTONIC ms). */
uint64_t hi_probe_deadline(const struct hi_probe *p);

/*
 * Advance after the fd reported revents (0 when woken by the deadline or anything else:
 * spurious calls are harmless). Never blocks. Returns true once the probe is done.
 */
bool hi_probe_step(struct hi_probe *p, short revents, uint64_t now_ms);

bool hi_probe_done(const struct hi_probe *p);
const struct hi_probe_result *hi_probe_result(const struct hi_probe *p);

/* Stop a probe (closes its fds; a resolver thread finishes on its own). Idempotent. */
void hi_probe_cancel(struct hi_probe *p);

/* `hardinit probe [OPTIONS] URL...`: 0 healthy, 1 unhealthy, 125 usage error. */
int hi_probe_main(int argc, char **argv);

#endif
