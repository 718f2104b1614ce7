/* SPDX-License-Identifier: MIT */
/*
 * probe_main.c - `hardinit probe [OPTIONS] URL...`: Kubernetes httpGet semantics, one
 * deadline per attempt, every URL probed at once by a small poll loop over the
 * non-blocking probes of probe.c. Exit 0 healthy, 1 unhealthy (one line on stderr saying
 * why), 125 usage error. Every option also comes from HARDINIT_PROBE_<OPTION>; the command
 * line wins.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/parse.h"
#include "hardinit/probe.h"

#define MAX_URLS         16
#define DURATION_MAX_MS  (24ULL * 3600 * 1000)
#define STATUS_FILE_MAX  65536
#define EXIT_HEALTHY     0
#define EXIT_UNHEALTHY   1
#define EXIT_USAGE       125
#define DEFAULT_WAIT_MS  60000
#define DEFAULT_INTERVAL 1000

enum {
    OPT_CONNECT_TIMEOUT = 256,
    OPT_EXPECT_BODY,
    OPT_EXPECT_STATUS,
    OPT_FOLLOW_REDIRECTS,
    OPT_INTERVAL,
    OPT_METHOD,
    OPT_STATUS_FILE,
    OPT_TIMEOUT,
    OPT_URL, /* the environment's HARDINIT_PROBE_URL */
    OPT_WAIT,
    OPT_WAIT_TIMEOUT,
    OPT_WATCH,
};

/* Sorted by long name; --help prints them in this order. */
static const struct probe_option {
    const char *name;
    int id;
    int has_arg;
    const char *arg, *help;
} probe_options[] = {
    {"connect-timeout", OPT_CONNECT_TIMEOUT, 1, "DURATION",
     "resolve and connect, every address (default --timeout)"},
    {"expect-body", OPT_EXPECT_BODY, 1, "TEXT", "healthy only if the body contains TEXT"},
    {"expect-status", OPT_EXPECT_STATUS, 1, "LIST", "healthy status codes (default 200-399)"},
    {"follow-redirects", OPT_FOLLOW_REDIRECTS, 1, "N",
     "follow N redirects on the same host (default 0)"},
    {"header", 'H', 1, "'NAME: VALUE'", "add or replace a request header (repeatable)"},
    {"help", 'h', 0, NULL, "print this help and exit"},
    {"interval", OPT_INTERVAL, 1, "DURATION", "with --wait: time between attempts (default 1s)"},
    {"method", OPT_METHOD, 1, "METHOD", "request method (default GET)"},
    {"quiet", 'q', 0, NULL, "print nothing, not even why a probe failed"},
    {"status-file", OPT_STATUS_FILE, 1, "FILE", "read the status JSON hardinit writes, not a URL"},
    {"timeout", OPT_TIMEOUT, 1, "DURATION", "one deadline: resolve, connect, send, receive (1s)"},
    {"verbose", 'v', 0, NULL, "say what each attempt found"},
    {"wait", OPT_WAIT, 0, NULL, "retry until healthy or --wait-timeout"},
    {"wait-timeout", OPT_WAIT_TIMEOUT, 1, "DURATION", "with --wait: give up after (default 60s)"},
    {"watch", OPT_WATCH, 0, NULL, "keep probing every --interval; one line per change"},
    {NULL, 0, 0, NULL, NULL},
};

struct probe_cli {
    struct hi_probe_opts opts; /* the template: URL filled per URL */
    bool wait, watch, quiet, verbose, help;
    uint64_t wait_timeout_ms, interval_ms;
    char status_file[4096];
    const char *urls[MAX_URLS];
    size_t n_urls;
    char env_urls[HI_URL_MAX * 2]; /* HARDINIT_PROBE_URL, split in place */
};

/* A rejected value: "hardinit: probe: OPT: <fmt with val>". */
static int usage(struct hi_error *err, const char *opt, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int usage(struct hi_error *err, const char *opt, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    for (char *p = what; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) /* values are quoted: keep one line */
            *p = '?';
    }
    return hi_error_set(err, EINVAL, "probe", "%.60s: %s", opt, what);
}

/* A module's error (err->msg) filed under opt. */
static int refile(struct hi_error *err, const char *opt, int r)
{
    char msg[sizeof(err->msg)];
    snprintf(msg, sizeof(msg), "%s", err->msg);
    for (char *p = msg; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    }
    hi_error_set(err, -r, "probe", "%s: %.400s", opt, msg);
    return r;
}

static int duration(const char *opt, const char *s, uint64_t min, uint64_t *ret,
                    struct hi_error *err)
{
    uint64_t v;
    if (hi_parse_duration(s, DURATION_MAX_MS, &v) < 0 || v < min)
        return usage(err, opt, "'%.100s': not a duration (500ms, 2s, 1m) above 0, at most 24h", s);
    *ret = v;
    return 0;
}

/* Apply one option's value to c; opt names it in errors ("--timeout", "-H", "HARDINIT_..."). */
static int apply(struct probe_cli *c, int id, const char *opt, const char *val,
                 struct hi_error *err)
{
    struct hi_probe_opts *o = &c->opts;
    uint64_t v;
    switch (id) {
    case OPT_CONNECT_TIMEOUT:
        return duration(opt, val, 1, &o->connect_timeout_ms, err);
    case OPT_TIMEOUT:
        return duration(opt, val, 1, &o->timeout_ms, err);
    case OPT_INTERVAL:
        return duration(opt, val, 1, &c->interval_ms, err);
    case OPT_WAIT_TIMEOUT:
        return duration(opt, val, 1, &c->wait_timeout_ms, err);
    case OPT_EXPECT_BODY:
        if (strlen(val) >= sizeof(o->expect_body))
            return usage(err, opt, "'%.40s...': longer than 255 bytes", val);
        snprintf(o->expect_body, sizeof(o->expect_body), "%s", val);
        return 0;
    case OPT_EXPECT_STATUS: {
        int r = hi_probe_parse_status(o, val, err);
        return r < 0 ? refile(err, opt, r) : 0;
    }
    case OPT_FOLLOW_REDIRECTS:
        if (hi_parse_uint(val, 0, HI_PROBE_MAX_REDIRECTS, &v) < 0)
            return usage(err, opt, "'%.100s': not a number from 0 to 20", val);
        o->follow_redirects = (unsigned)v;
        return 0;
    case 'H': {
        int r = hi_probe_add_header(o, val, err);
        return r < 0 ? refile(err, opt, r) : 0;
    }
    case OPT_METHOD: {
        size_t n = strlen(val);
        if (n == 0 || n >= sizeof(o->method) || strspn(val, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n)
            return usage(err, opt, "'%.100s': not a method (GET, HEAD, ...)", val);
        snprintf(o->method, sizeof(o->method), "%s", val);
        return 0;
    }
    case OPT_STATUS_FILE:
        if (!val[0] || strlen(val) >= sizeof(c->status_file))
            return usage(err, opt, "'%.100s': not a file name", val);
        snprintf(c->status_file, sizeof(c->status_file), "%s", val);
        return 0;
    case OPT_URL:
        if (strlen(val) >= sizeof(c->env_urls))
            return usage(err, opt, "longer than %zu bytes", sizeof(c->env_urls) - 1);
        snprintf(c->env_urls, sizeof(c->env_urls), "%s", val);
        char *save = NULL;
        for (char *s = strtok_r(c->env_urls, " \t\n", &save); s;
             s = strtok_r(NULL, " \t\n", &save)) {
            if (c->n_urls == MAX_URLS)
                return usage(err, opt, "more than %s URLs", "16");
            c->urls[c->n_urls++] = s;
        }
        return 0;
    case 'q':
        c->quiet = true;
        return 0;
    case 'v':
        c->verbose = true;
        return 0;
    case OPT_WAIT:
        c->wait = true;
        return 0;
    case OPT_WATCH:
        c->watch = true;
        return 0;
    }
    return usage(err, opt, "%s", "unknown option");
}

/* The value of HARDINIT_PROBE_<NAME> for a long option name, NULL when unset or empty. */
static const char *env_value(char **envp, const char *name, char *var, size_t size)
{
    size_t n = (size_t)snprintf(var, size, "HARDINIT_PROBE_");
    for (const char *s = name; *s && n + 1 < size; s++)
        var[n++] = *s == '-' ? '_' : (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
    var[n] = '\0';
    for (char **e = envp; e && *e; e++) {
        if (strncmp(*e, var, n) == 0 && (*e)[n] == '=' && (*e)[n + 1])
            return *e + n + 1;
    }
    return NULL;
}

/* HARDINIT_PROBE_<OPTION>: values as on the command line, flags as 1/0, yes/no, ...;
 * HARDINIT_PROBE_HEADER holds one header per line, HARDINIT_PROBE_URL URLs by spaces. */
static int apply_env(struct probe_cli *c, char **envp, struct hi_error *err)
{
    char var[64];
    for (const struct probe_option *o = probe_options; o->name; o++) {
        const char *val = o->id == 'h' ? NULL : env_value(envp, o->name, var, sizeof(var));
        int r = 0;
        if (!val)
            continue;
        if (!o->has_arg) {
            bool b;
            if (hi_parse_bool(val, &b) < 0)
                return usage(err, var, "'%.100s': not a boolean (1/0, yes/no)", val);
            if (b)
                r = apply(c, o->id, var, NULL, err);
        } else if (o->id == 'H') {
            char buf[HI_PROBE_MAX_HEADERS * HI_PROBE_HEADER_MAX];
            if (strlen(val) >= sizeof(buf))
                return usage(err, var, "longer than %zu bytes", sizeof(buf) - 1);
            snprintf(buf, sizeof(buf), "%s", val);
            char *save = NULL;
            for (char *h = strtok_r(buf, "\n", &save); h && r == 0; h = strtok_r(NULL, "\n", &save))
                r = apply(c, 'H', var, h, err);
        } else {
            r = apply(c, o->id, var, val, err);
        }
        if (r < 0)
            return r;
    }
    const char *urls = env_value(envp, "url", var, sizeof(var));
    return urls ? apply(c, OPT_URL, var, urls, err) : 0;
}

/* Pure: argv + envp -> *c. 0, 1 for --help, or -errno with err filled. */
static int parse(struct probe_cli *c, int argc, char **argv, char **envp, struct hi_error *err)
{
    memset(c, 0, sizeof(*c));
    hi_probe_opts_init(&c->opts);
    c->wait_timeout_ms = DEFAULT_WAIT_MS;
    c->interval_ms = DEFAULT_INTERVAL;
    int r = apply_env(c, envp, err);
    if (r < 0)
        return r;

    struct option longopts[sizeof(probe_options) / sizeof(probe_options[0])];
    size_t n = 0;
    for (const struct probe_option *o = probe_options; o->name; o++)
        longopts[n++] = (struct option){o->name, o->has_arg, NULL, o->id};
    longopts[n] = (struct option){NULL, 0, NULL, 0};

    bool cli_headers = false, cli_urls = false;
    optind = 0; /* reset getopt, which main may have used */
    opterr = 0;
    int ch;
    int li = -1;
    while ((ch = getopt_long(argc, argv, ":H:hqv", longopts, &li)) != -1) {
        char name[48]; /* the option as the user wrote it, for messages */
        if (li >= 0)
            snprintf(name, sizeof(name), "--%s", longopts[li].name);
        else if ((ch == '?' || ch == ':') && optopt < 256 && optopt)
            snprintf(name, sizeof(name), "-%c", (char)optopt);
        else if (ch == '?' || ch == ':')
            snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[optind - 1], "="),
                     argv[optind - 1]);
        else
            snprintf(name, sizeof(name), "-%c", (char)ch);
        li = -1;
        if (ch == '?')
            return usage(err, name, "%s", "unknown option (see hardinit probe --help)");
        if (ch == ':')
            return usage(err, name, "%s", "needs a value");
        if (ch == 'h') {
            c->help = true;
            return 1;
        }
        if (ch == 'H' && !cli_headers) { /* the command line's list replaces the env's */
            cli_headers = true;
            c->opts.n_headers = 0;
        }
        r = apply(c, ch, name, optarg, err);
        if (r < 0)
            return r;
    }
    for (int i = optind; i < argc; i++) {
        if (!cli_urls) {
            cli_urls = true;
            c->n_urls = 0;
        }
        if (c->n_urls == MAX_URLS)
            return usage(err, "URL", "more than %s URLs", "16");
        c->urls[c->n_urls++] = argv[i];
    }
    if (c->status_file[0] && c->n_urls)
        return usage(err, "--status-file", "%s", "give a status file or URLs, not both");
    if (c->watch && c->wait)
        return usage(err, "--watch", "%s", "give --watch or --wait, not both");
    if (!c->status_file[0] && c->n_urls == 0)
        return usage(err, "URL", "%s", "no URL (hardinit probe [OPTIONS] URL..., see --help)");
    for (size_t i = 0; i < c->n_urls; i++) {
        struct hi_url u;
        r = hi_url_parse(c->urls[i], &u, err);
        if (r < 0)
            return refile(err, "url", r);
    }
    return 0;
}

static void help(void)
{
    printf("Usage: hardinit probe [OPTIONS] URL...\n"
           "       hardinit probe --status-file FILE\n\n"
           "Probe http://HOST[:PORT]/PATH, tcp://HOST:PORT or unix:///SOCKET[:/PATH] once (or\n"
           "--wait until healthy). Exit 0 healthy, 1 unhealthy, 125 usage error.\n\n"
           "Options (also HARDINIT_PROBE_<OPTION> environment variables):\n");
    for (const struct probe_option *o = probe_options; o->name; o++) {
        char left[64];
        if (o->id < 256)
            snprintf(left, sizeof(left), "-%c, --%s %s", (char)o->id, o->name,
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof(left), "    --%s %s", o->name, o->arg ? o->arg : "");
        printf("  %-32s %s\n", left, o->help);
    }
}

/* --status-file: 0 when the JSON says "healthy", else 1 with why. */
static int status_file(const struct probe_cli *c, char *why, size_t size)
{
    struct hi_error err = {0};
    _cleanup_free_ char *text = NULL;
    if (hi_read_file(c->status_file, STATUS_FILE_MAX, "status-file", &text, NULL, &err) < 0) {
        snprintf(why, size, "%s", err.msg);
        return EXIT_UNHEALTHY;
    }
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    json_t *st = root ? json_object_get(root, "status") : NULL;
    int rc = EXIT_UNHEALTHY;
    if (!root)
        snprintf(why, size, "%.300s:%d:%d: %s", c->status_file, jerr.line, jerr.column, jerr.text);
    else if (!json_is_string(st))
        snprintf(why, size, "%.300s: no \"status\" string", c->status_file);
    else if (strcmp(json_string_value(st), "healthy") == 0)
        rc = EXIT_HEALTHY;
    else {
        json_t *reason = json_object_get(root, "reason");
        snprintf(why, size, "%.300s: status \"%.40s\"%s%.200s", c->status_file,
                 json_string_value(st), json_is_string(reason) ? ": " : "",
                 json_is_string(reason) ? json_string_value(reason) : "");
    }
    json_decref(root);
    return rc;
}

/* Probe every URL not yet healthy, at once; at most until stop_ms. */
static void run_attempt(struct hi_probe_opts *opts, struct hi_probe *probes, bool *healthy,
                        size_t n, uint64_t stop_ms, bool verbose, const char *const *urls)
{
    uint64_t now = hi_probe_now_ms();
    for (size_t i = 0; i < n; i++) {
        if (healthy[i])
            continue;
        uint64_t left = stop_ms > now ? stop_ms - now : 1;
        if (opts[i].timeout_ms > left)
            opts[i].timeout_ms = left;
        hi_probe_start(&probes[i], &opts[i], now);
    }
    for (;;) {
        struct pollfd fds[MAX_URLS];
        size_t map[MAX_URLS], nfds = 0;
        uint64_t next = UINT64_MAX;
        for (size_t i = 0; i < n; i++) {
            if (healthy[i] || hi_probe_done(&probes[i]))
                continue;
            if (hi_probe_deadline(&probes[i]) < next)
                next = hi_probe_deadline(&probes[i]);
            fds[nfds] = (struct pollfd){hi_probe_fd(&probes[i]), hi_probe_events(&probes[i]), 0};
            map[nfds++] = i;
        }
        if (nfds == 0)
            break;
        now = hi_probe_now_ms();
        int wait = next > now ? (int)(next - now) : 0;
        int r = poll(fds, nfds, wait);
        if (r < 0 && errno != EINTR)
            break;
        now = hi_probe_now_ms();
        for (size_t k = 0; k < nfds; k++)
            hi_probe_step(&probes[map[k]], r > 0 ? fds[k].revents : 0, now);
    }
    for (size_t i = 0; i < n; i++) {
        if (healthy[i])
            continue;
        hi_probe_cancel(&probes[i]);
        const struct hi_probe_result *res = hi_probe_result(&probes[i]);
        healthy[i] = res->healthy;
        if (verbose)
            fprintf(stderr, "hardinit: probe: %s: %s: %s in %llu ms\n", urls[i],
                    res->healthy ? "healthy" : "unhealthy", res->why,
                    (unsigned long long)res->elapsed_ms);
    }
}

/* One attempt at every URL not yet healthy (opts from the template); how many are not. */
static size_t probe_all(const struct probe_cli *c, struct hi_probe_opts *opts,
                        struct hi_probe *probes, bool *healthy, uint64_t stop)
{
    for (size_t i = 0; i < c->n_urls; i++) {
        opts[i] = c->opts;
        hi_url_parse(c->urls[i], &opts[i].url, NULL); /* checked by parse() */
    }
    run_attempt(opts, probes, healthy, c->n_urls, stop, c->verbose, c->urls);
    size_t bad = 0;
    for (size_t i = 0; i < c->n_urls; i++)
        bad += !healthy[i];
    return bad;
}

/*
 * --watch, as a sidecar: probe every --interval until a signal ends it, and say every
 * change of state in one line (the first result too).
 */
static int watch(const struct probe_cli *c)
{
    _cleanup_free_ struct hi_probe_opts *opts = calloc(c->n_urls ? c->n_urls : 1, sizeof(*opts));
    _cleanup_free_ struct hi_probe *probes = calloc(c->n_urls ? c->n_urls : 1, sizeof(*probes));
    if (!opts || !probes) {
        fprintf(stderr, "hardinit: probe: out of memory\n");
        return EXIT_UNHEALTHY;
    }
    int last = -1; /* 0 healthy, 1 not */
    char last_why[600] = "";
    for (;;) {
        uint64_t t = hi_probe_now_ms();
        char why[600] = "";
        int state;
        if (c->status_file[0]) {
            state = status_file(c, why, sizeof(why));
        } else {
            bool healthy[MAX_URLS] = {false};
            state = probe_all(c, opts, probes, healthy, UINT64_MAX) ? EXIT_UNHEALTHY : EXIT_HEALTHY;
            size_t i = 0;
            while (i < c->n_urls && healthy[i])
                i++;
            if (i < c->n_urls)
                snprintf(why, sizeof(why), "%.200s: %.390s", c->urls[i],
                         hi_probe_result(&probes[i])->why);
        }
        if (state != last || (state != EXIT_HEALTHY && strcmp(why, last_why) != 0 && c->verbose)) {
            if (!c->quiet)
                fprintf(stderr, "hardinit: probe: %s%s\n",
                        state == EXIT_HEALTHY ? "healthy" : "unhealthy: ", why);
            last = state;
            snprintf(last_why, sizeof(last_why), "%s", why);
        }
        uint64_t now = hi_probe_now_ms();
        if (t + c->interval_ms > now)
            poll(NULL, 0, (int)(t + c->interval_ms - now));
    }
}

static int run(const struct probe_cli *c)
{
    if (c->watch)
        return watch(c);
    uint64_t start = hi_probe_now_ms();
    uint64_t stop = c->wait ? start + c->wait_timeout_ms : UINT64_MAX;
    char why[600] = "";

    if (c->status_file[0]) {
        for (;;) {
            uint64_t t = hi_probe_now_ms();
            int rc = status_file(c, why, sizeof(why));
            if (c->verbose)
                fprintf(stderr, "hardinit: probe: %s\n", rc == 0 ? "healthy" : why);
            if (rc == 0)
                return EXIT_HEALTHY;
            if (!c->wait || t + c->interval_ms >= stop)
                break;
            poll(NULL, 0, (int)c->interval_ms);
        }
        if (!c->quiet)
            fprintf(stderr, "hardinit: probe: %s\n", why);
        return EXIT_UNHEALTHY;
    }

    _cleanup_free_ struct hi_probe_opts *opts = calloc(c->n_urls, sizeof(*opts));
    _cleanup_free_ struct hi_probe *probes = calloc(c->n_urls, sizeof(*probes));
    bool healthy[MAX_URLS] = {false};
    if (!opts || !probes) {
        fprintf(stderr, "hardinit: probe: out of memory\n");
        return EXIT_UNHEALTHY;
    }
    for (;;) {
        uint64_t t = hi_probe_now_ms();
        if (probe_all(c, opts, probes, healthy, stop) == 0)
            return EXIT_HEALTHY;
        uint64_t now = hi_probe_now_ms();
        if (!c->wait || now >= stop || t + c->interval_ms >= stop)
            break;
        if (t + c->interval_ms > now)
            poll(NULL, 0, (int)(t + c->interval_ms - now));
    }
    size_t bad = 0, first = 0;
    for (size_t i = c->n_urls; i-- > 0;) {
        if (!healthy[i]) {
            bad++;
            first = i;
        }
    }
    if (!c->quiet) {
        char more[48] = "";
        if (bad > 1)
            snprintf(more, sizeof(more), " (and %zu more URLs unhealthy)", bad - 1);
        fprintf(stderr, "hardinit: probe: %s: %s%s%s\n", c->urls[first],
                hi_probe_result(&probes[first])->why, c->wait ? " (gave up waiting)" : "", more);
    }
    return EXIT_UNHEALTHY;
}

int hi_probe_main(int argc, char **argv)
{
    struct probe_cli *c = calloc(1, sizeof(*c));
    struct hi_error err = {0};
    if (!c) {
        fprintf(stderr, "hardinit: probe: out of memory\n");
        return EXIT_USAGE;
    }
    int r = parse(c, argc, argv, environ, &err);
    int rc;
    if (r < 0) {
        fprintf(stderr, "hardinit: %s: %s\n", err.step, err.msg);
        rc = EXIT_USAGE;
    } else if (r == 1) {
        help();
        rc = EXIT_HEALTHY;
    } else {
        rc = run(c);
    }
    free(c);
    return rc;
}
