/* SPDX-License-Identifier: MIT */
/*
 * options.c - hardinit's own dialect: one table drives getopt_long, the HARDINIT_*
 * environment variables, the config file keys and --help.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hardinit/cleanup.h"
#include "hardinit/notify.h"
#include "hardinit/parse.h"
#include "hardinit/probe.h"
#include "options.h"

enum {
    OPT_CONFIG = 256,
    OPT_DRY_RUN,
    OPT_HEALTH_INTERVAL,
    OPT_HEALTH_RETRIES,
    OPT_HEALTH_START_PERIOD,
    OPT_HEALTH_STATUS_FILE,
    OPT_HEALTH_TIMEOUT,
    OPT_HEALTH_URL,
    OPT_ON_UNHEALTHY,
    OPT_WAIT_HTTP,
    OPT_WAIT_INTERVAL,
    OPT_WAIT_TCP,
    OPT_WAIT_TIMEOUT,
    OPT_CAP_ADD,
    OPT_CAP_DROP,
    OPT_CGROUP_OPTIONAL,
    OPT_CPU_WEIGHT,
    OPT_CPUS,
    OPT_HARDEN,
    OPT_IO_WEIGHT,
    OPT_LOG_FORMAT,
    OPT_MEMORY,
    OPT_MEMORY_SWAP,
    OPT_NO_NEW_PRIVS,
    OPT_NO_SUBREAPER,
    OPT_PDEATHSIG,
    OPT_PIDS_LIMIT,
    OPT_READ_ONLY,
    OPT_RLIMIT,
    OPT_SECCOMP,
    OPT_SECCOMP_BPF,
    OPT_SECCOMP_LEARN,
    OPT_SECCOMP_LOG,
    OPT_SECCOMP_REPORT,
    OPT_TMPFS,
};

/* Sorted by long name; --help prints them in this order. */
const struct hi_option hi_options[] = {
    {"cap-add", OPT_CAP_ADD, HI_OPT_LIST, "CAPS",
     "give the app these capabilities back after --cap-drop (NET_BIND_SERVICE,...)"},
    {"cap-drop", OPT_CAP_DROP, HI_OPT_LIST, "CAPS", "drop these capabilities, or ALL"},
    {"cgroup-optional", OPT_CGROUP_OPTIONAL, HI_OPT_FLAG, NULL,
     "run without the cgroup limits (a warning) where cgroups cannot be set up"},
    {"config", OPT_CONFIG, HI_OPT_CLI, "FILE",
     "read options from a JSON object whose keys are these long names"},
    {"cpu-weight", OPT_CPU_WEIGHT, HI_OPT_VALUE, "N",
     "the app's CPU weight against its siblings, 1-10000 (default 100)"},
    {"cpus", OPT_CPUS, HI_OPT_VALUE, "N", "the app may use N CPUs' time (e.g. 0.5, 2)"},
    {"dry-run", OPT_DRY_RUN, HI_OPT_FLAG, NULL,
     "check everything (profile, user, cgroup, mounts), print the plan, start nothing"},
    {"grace", 'g', HI_OPT_VALUE, "DURATION",
     "time between SIGTERM and SIGKILL at shutdown (default 10s)"},
    {"harden", OPT_HARDEN, HI_OPT_FLAG, NULL,
     "the baseline: --cap-drop ALL --no-new-privs --read-only --tmpfs /tmp --seccomp default"},
    {"health-interval", OPT_HEALTH_INTERVAL, HI_OPT_VALUE, "DURATION",
     "time between health probes of the app (default 30s)"},
    {"health-retries", OPT_HEALTH_RETRIES, HI_OPT_VALUE, "N",
     "failed probes in a row before the app is unhealthy (default 3)"},
    {"health-start-period", OPT_HEALTH_START_PERIOD, HI_OPT_VALUE, "DURATION",
     "failures in this time after the start do not count (default 0s)"},
    {"health-status-file", OPT_HEALTH_STATUS_FILE, HI_OPT_VALUE, "FILE",
     "write the health state to FILE as JSON, for HEALTHCHECK via hardinit probe"},
    {"health-timeout", OPT_HEALTH_TIMEOUT, HI_OPT_VALUE, "DURATION",
     "deadline of one health probe (default 30s)"},
    {"health-url", OPT_HEALTH_URL, HI_OPT_VALUE, "URL",
     "probe the running app: http://, tcp://HOST:PORT or unix:///SOCKET:/PATH"},
    {"help", 'h', HI_OPT_CLI, NULL, "print this help and exit"},
    {"io-weight", OPT_IO_WEIGHT, HI_OPT_VALUE, "N",
     "the app's block IO weight, 1-10000 (default 100), where the IO scheduler has one"},
    {"log-format", OPT_LOG_FORMAT, HI_OPT_VALUE, "FORMAT", "text (default) or json"},
    {"memory", OPT_MEMORY, HI_OPT_VALUE, "SIZE",
     "memory limit of the app and its children (e.g. 512m); OOM kill: exit 137"},
    {"memory-swap", OPT_MEMORY_SWAP, HI_OPT_VALUE, "SIZE",
     "memory plus swap limit (docker's meaning; default twice --memory; -1: no limit)"},
    {"no-new-privs", OPT_NO_NEW_PRIVS, HI_OPT_FLAG, NULL,
     "the app and its children can never gain privileges (setuid, file caps)"},
    {"no-subreaper", OPT_NO_SUBREAPER, HI_OPT_CLI, NULL,
     "do not become a child subreaper when not PID 1"},
    {"on-unhealthy", OPT_ON_UNHEALTHY, HI_OPT_VALUE, "ACTION",
     "none (default), exit (stop the app, exit non-zero), or signal:SIG to the app"},
    {"pdeathsig", OPT_PDEATHSIG, HI_OPT_VALUE, "SIGNAL",
     "signal hardinit gets when its parent dies"},
    {"pids-limit", OPT_PIDS_LIMIT, HI_OPT_VALUE, "N",
     "at most N processes and threads in the app's cgroup (fork fails beyond)"},
    {"read-only", OPT_READ_ONLY, HI_OPT_FLAG, NULL,
     "remount / read-only (after the --tmpfs mounts)"},
    {"remap-exit", 'e', HI_OPT_LIST, "CODE", "report exit status CODE as 0 (repeatable)"},
    {"rewrite", 'r', HI_OPT_LIST, "FROM:TO",
     "forward signal FROM as TO; TO 0 drops it (repeatable)"},
    {"rlimit", OPT_RLIMIT, HI_OPT_LIST, "NAME=SOFT[:HARD]",
     "set a resource limit of the app (nofile, nproc, core, ...)", ' '},
    {"seccomp", OPT_SECCOMP, HI_OPT_VALUE, "PROFILE",
     "seccomp profile: default, strict, unconfined, or an OCI/Docker JSON file"},
    {"seccomp-bpf", OPT_SECCOMP_BPF, HI_OPT_VALUE, "FILE",
     "load a filter made by `hardinit profile compile` (instead of --seccomp)"},
    {"seccomp-learn", OPT_SECCOMP_LEARN, HI_OPT_VALUE, "FILE",
     "allow every call and write the syscalls the app used to FILE as a profile"},
    {"seccomp-log", OPT_SECCOMP_LOG, HI_OPT_FLAG, NULL,
     "audit mode: what the profile denies is allowed and logged by the kernel"},
    {"seccomp-report", OPT_SECCOMP_REPORT, HI_OPT_OPTIONAL, "[=FORMAT]",
     "still deny, and report the denied calls at exit and on SIGUSR1 (text or json)"},
    {"single-child", 'c', HI_OPT_FLAG, NULL,
     "signal the child alone, not its process group, and keep it in our session"},
    {"subreaper", 's', HI_OPT_FLAG, NULL, "become a child subreaper (default when not PID 1)"},
    {"tmpfs", OPT_TMPFS, HI_OPT_LIST, "PATH[:OPTS]",
     "mount a tmpfs (docker's options; default noexec,nosuid,nodev,size=64m)", ' '},
    {"user", 'u', HI_OPT_VALUE, "USER[:GROUP]", "run the app as this user (name or number)"},
    {"verbose", 'v', HI_OPT_FLAG, NULL, "log what hardinit does (debug level)"},
    {"version", 'V', HI_OPT_CLI, NULL, "print the version and exit"},
    {"wait-http", OPT_WAIT_HTTP, HI_OPT_LIST, "URL",
     "start the app only once URL answers healthy (repeatable; http:// or unix://)"},
    {"wait-interval", OPT_WAIT_INTERVAL, HI_OPT_VALUE, "DURATION",
     "time between attempts of --wait-http and --wait-tcp (default 1s)"},
    {"wait-tcp", OPT_WAIT_TCP, HI_OPT_LIST, "HOST:PORT",
     "start the app only once HOST:PORT accepts connections (repeatable)"},
    {"wait-timeout", OPT_WAIT_TIMEOUT, HI_OPT_VALUE, "DURATION",
     "give up the start when a gate is not healthy by then (default 60s): exit 125"},
    {NULL, 0, 0, NULL, NULL, 0},
};

const struct hi_option *hi_option_by_name(const char *name)
{
    for (const struct hi_option *o = hi_options; o->name; o++) {
        if (strcmp(o->name, name) == 0)
            return o;
    }
    return NULL;
}

static const struct hi_option *option_by_id(int id)
{
    for (const struct hi_option *o = hi_options; o->name; o++) {
        if (o->id == id)
            return o;
    }
    return NULL;
}

/* "FROM:TO", each a signal name or number; TO may be 0 (drop). */
static int apply_rewrite(struct hi_config *cfg, const char *value, const char *where,
                         struct hi_error *err)
{
    const char *colon = strchr(value, ':');
    char from_s[32];
    if (!colon || (size_t)(colon - value) >= sizeof(from_s))
        return hi_error_set(err, EINVAL, where, "'%s': expected FROM:TO (e.g. TERM:QUIT)", value);
    memcpy(from_s, value, (size_t)(colon - value));
    from_s[colon - value] = '\0';

    int from, to = 0;
    if (hi_parse_signal(from_s, &from) < 0)
        return hi_error_set(err, EINVAL, where, "'%s': unknown signal '%s'", value, from_s);
    if (from == SIGKILL || from == SIGSTOP || from == SIGCHLD)
        return hi_error_set(err, EINVAL, where, "'%s': %s cannot be rewritten", value, from_s);
    if (strcmp(colon + 1, "0") != 0 && hi_parse_signal(colon + 1, &to) < 0)
        return hi_error_set(err, EINVAL, where, "'%s': unknown signal '%s'", value, colon + 1);
    cfg->rewrite[from] = to;
    return 0;
}

static int apply_harden(struct hi_harden_opts *h, const struct hi_option *opt, const char *value,
                        bool flag, const char *where, struct hi_error *err);

/* --wait-http, --wait-tcp, --health-url: checked by the prober's own URL parser. */
static int apply_url(struct hi_config *cfg, int id, const char *value, const char *where,
                     struct hi_error *err)
{
    struct hi_health_opts *h = &cfg->health;
    char url[HI_GATE_URL_MAX];
    if ((size_t)snprintf(url, sizeof(url), "%s%s", id == OPT_WAIT_TCP ? "tcp://" : "", value) >=
        sizeof(url))
        return hi_error_set(err, EINVAL, where, "'%.60s...': too long", value);
    struct hi_url u;
    struct hi_error uerr = {0};
    if (hi_url_parse(url, &u, &uerr) < 0)
        return hi_error_set(err, EINVAL, where, "%s", uerr.msg);
    if (id == OPT_WAIT_HTTP && u.scheme == HI_URL_TCP)
        return hi_error_set(err, EINVAL, where, "'%s': a tcp:// URL goes to --wait-tcp", value);
    if (id == OPT_HEALTH_URL) {
        snprintf(h->url, sizeof(h->url), "%s", url);
        return 0;
    }
    if (h->n_wait == HI_MAX_GATES)
        return hi_error_set(err, E2BIG, where, "at most %d gates", HI_MAX_GATES);
    snprintf(h->wait[h->n_wait++], sizeof(h->wait[0]), "%s", url);
    return 0;
}

int hi_option_apply(struct hi_config *cfg, const struct hi_option *opt, const char *value,
                    const char *where, struct hi_error *err)
{
    bool flag = true;
    if (opt->kind == HI_OPT_FLAG && hi_parse_bool(value, &flag) < 0)
        return hi_error_set(err, EINVAL, where, "'%s': expected true or false", value);

    uint64_t n;
    int sig;
    switch (opt->id) {
    case 'c':
        cfg->session = flag ? HI_SESSION_NONE : HI_SESSION_SETSID;
        cfg->signal_group = !flag;
        return 0;
    case 's':
        cfg->subreaper = flag ? HI_ON : HI_OFF;
        return 0;
    case OPT_NO_SUBREAPER:
        cfg->subreaper = HI_OFF;
        return 0;
    case 'v':
        cfg->verbosity = flag ? HI_LOG_DEBUG : HI_LOG_WARN;
        return 0;
    case 'g':
        if (hi_parse_duration(value, HI_MAX_GRACE_MS, &cfg->grace_ms) < 0)
            return hi_error_set(err, EINVAL, where,
                                "'%s': expected a duration up to 24h (e.g. 500ms, 10s, 2m)", value);
        return 0;
    case OPT_LOG_FORMAT:
        if (strcmp(value, "text") == 0)
            cfg->log_format = HI_LOG_TEXT;
        else if (strcmp(value, "json") == 0)
            cfg->log_format = HI_LOG_JSON;
        else
            return hi_error_set(err, EINVAL, where, "'%s': expected text or json", value);
        return 0;
    case OPT_PDEATHSIG:
        if (hi_parse_signal(value, &sig) < 0)
            return hi_error_set(err, EINVAL, where, "'%s': unknown signal", value);
        cfg->pdeathsig = sig;
        return 0;
    case 'e':
        if (hi_parse_uint(value, 0, 255, &n) < 0)
            return hi_error_set(err, EINVAL, where, "'%s': expected an exit status 0-255", value);
        cfg->remap_exit[n] = true;
        return 0;
    case 'r':
        return apply_rewrite(cfg, value, where, err);
    case OPT_DRY_RUN:
        cfg->dry_run = flag;
        return 0;
    case OPT_WAIT_HTTP:
    case OPT_WAIT_TCP:
    case OPT_HEALTH_URL:
        return apply_url(cfg, opt->id, value, where, err);
    case OPT_WAIT_TIMEOUT:
    case OPT_WAIT_INTERVAL:
    case OPT_HEALTH_INTERVAL:
    case OPT_HEALTH_TIMEOUT:
    case OPT_HEALTH_START_PERIOD: {
        uint64_t ms;
        if (hi_parse_duration(value, HI_MAX_GRACE_MS, &ms) < 0 ||
            (ms == 0 && opt->id != OPT_HEALTH_START_PERIOD))
            return hi_error_set(err, EINVAL, where,
                                "'%s': expected a duration up to 24h (e.g. 500ms, 10s, 2m)", value);
        struct hi_health_opts *h = &cfg->health;
        *(opt->id == OPT_WAIT_TIMEOUT      ? &h->wait_timeout_ms
          : opt->id == OPT_WAIT_INTERVAL   ? &h->wait_interval_ms
          : opt->id == OPT_HEALTH_INTERVAL ? &h->interval_ms
          : opt->id == OPT_HEALTH_TIMEOUT  ? &h->timeout_ms
                                           : &h->start_period_ms) = ms;
        return 0;
    }
    case OPT_HEALTH_RETRIES:
        if (hi_parse_uint(value, 1, 1000, &n) < 0)
            return hi_error_set(err, EINVAL, where, "'%s': expected a number 1-1000", value);
        cfg->health.retries = (unsigned)n;
        return 0;
    case OPT_ON_UNHEALTHY:
        if (strcmp(value, "none") == 0) {
            cfg->health.on_unhealthy = HI_UNHEALTHY_NONE;
        } else if (strcmp(value, "exit") == 0) {
            cfg->health.on_unhealthy = HI_UNHEALTHY_EXIT;
        } else if (strncmp(value, "signal:", 7) == 0 && hi_parse_signal(value + 7, &sig) == 0 &&
                   sig != SIGKILL && sig != SIGSTOP) {
            cfg->health.on_unhealthy = HI_UNHEALTHY_SIGNAL;
            cfg->health.unhealthy_signal = sig;
        } else {
            return hi_error_set(err, EINVAL, where, "'%s': expected none, exit or signal:SIG",
                                value);
        }
        return 0;
    case OPT_HEALTH_STATUS_FILE:
        if (!*value || strlen(value) >= sizeof(cfg->health.status_file))
            return hi_error_set(err, EINVAL, where, "'%s': expected a file to write", value);
        snprintf(cfg->health.status_file, sizeof(cfg->health.status_file), "%s", value);
        return 0;
    default:
        return apply_harden(&cfg->harden, opt, value, flag, where, err);
    }
}

/* The hardening options, into struct hi_harden_opts. */
static int apply_harden(struct hi_harden_opts *h, const struct hi_option *opt, const char *value,
                        bool flag, const char *where, struct hi_error *err)
{
    struct hi_rlimit_opt rl;
    switch (opt->id) {
    case OPT_CAP_DROP:
        h->cap_drop_given = true;
        return hi_caps_parse_list(value, true, &h->cap_drop_all, &h->cap_drop, where, err);
    case OPT_CAP_ADD: {
        bool all = false;
        h->cap_add_given = true;
        return hi_caps_parse_list(value, false, &all, &h->cap_add, where, err);
    }
    case OPT_HARDEN:
        h->harden = flag;
        return 0;
    case OPT_CGROUP_OPTIONAL:
        h->cgroup.optional = flag;
        return 0;
    case OPT_CPU_WEIGHT:
        return hi_cgroup_parse(HI_CG_CPU_WEIGHT, value, &h->cgroup, where, err);
    case OPT_CPUS:
        return hi_cgroup_parse(HI_CG_CPUS, value, &h->cgroup, where, err);
    case OPT_IO_WEIGHT:
        return hi_cgroup_parse(HI_CG_IO_WEIGHT, value, &h->cgroup, where, err);
    case OPT_MEMORY:
        return hi_cgroup_parse(HI_CG_MEMORY, value, &h->cgroup, where, err);
    case OPT_MEMORY_SWAP:
        return hi_cgroup_parse(HI_CG_MEMORY_SWAP, value, &h->cgroup, where, err);
    case OPT_PIDS_LIMIT:
        return hi_cgroup_parse(HI_CG_PIDS, value, &h->cgroup, where, err);
    case OPT_NO_NEW_PRIVS:
        h->no_new_privs = flag ? HI_YES : HI_NO;
        return 0;
    case OPT_READ_ONLY:
        h->read_only = flag ? HI_YES : HI_NO;
        return 0;
    case 'u':
        if (!*value || strlen(value) >= sizeof(h->user))
            return hi_error_set(err, EINVAL, where, "'%s': expected USER[:GROUP]", value);
        snprintf(h->user, sizeof(h->user), "%s", value);
        return 0;
    case OPT_SECCOMP:
        if (!*value || strlen(value) >= sizeof(h->seccomp))
            return hi_error_set(err, EINVAL, where, "'%s': expected a profile file", value);
        snprintf(h->seccomp, sizeof(h->seccomp), "%s", value);
        return 0;
    case OPT_SECCOMP_BPF:
        if (!*value || strlen(value) >= sizeof(h->seccomp_bpf))
            return hi_error_set(err, EINVAL, where, "'%s': expected a .bpf file", value);
        snprintf(h->seccomp_bpf, sizeof(h->seccomp_bpf), "%s", value);
        return 0;
    case OPT_SECCOMP_LOG:
        h->seccomp_log = flag;
        return 0;
    case OPT_SECCOMP_REPORT:
        if (!*value || strcmp(value, "text") == 0 || strcmp(value, "true") == 0)
            h->seccomp_report = 1 + HI_REPORT_TEXT;
        else if (strcmp(value, "json") == 0)
            h->seccomp_report = 1 + HI_REPORT_JSON;
        else if (strcmp(value, "false") == 0)
            h->seccomp_report = 0;
        else
            return hi_error_set(err, EINVAL, where, "'%s': expected text or json", value);
        return 0;
    case OPT_SECCOMP_LEARN:
        if (!*value || strlen(value) >= sizeof(h->seccomp_learn))
            return hi_error_set(err, EINVAL, where, "'%s': expected a file to write", value);
        snprintf(h->seccomp_learn, sizeof(h->seccomp_learn), "%s", value);
        return 0;
    case OPT_RLIMIT: {
        int r = hi_rlimit_parse(value, &rl, where, err);
        if (r < 0)
            return r;
        size_t i = 0; /* a limit given twice: the last one counts */
        while (i < h->n_rlimits && h->rlimits[i].resource != rl.resource)
            i++;
        if (i == HI_MAX_RLIMITS)
            return hi_error_set(err, E2BIG, where, "too many limits");
        h->rlimits[i] = rl;
        h->n_rlimits += i == h->n_rlimits;
        return 0;
    }
    case OPT_TMPFS: {
        struct hi_tmpfs_opt t;
        int r = hi_tmpfs_parse(value, &t, where, err);
        if (r < 0)
            return r;
        size_t i = 0; /* a path given twice: the last one counts */
        while (i < h->n_tmpfs && strcmp(h->tmpfs[i].path, t.path) != 0)
            i++;
        if (i == HI_MAX_TMPFS)
            return hi_error_set(err, E2BIG, where, "at most %d tmpfs mounts", HI_MAX_TMPFS);
        h->tmpfs[i] = t;
        h->n_tmpfs += i == h->n_tmpfs;
        return 0;
    }
    default:
        return hi_error_set(err, EINVAL, where, "not allowed here");
    }
}

void hi_option_clear(struct hi_config *cfg, const struct hi_option *opt)
{
    if (opt->id == 'r') {
        for (int s = 0; s <= HI_MAX_SIG; s++)
            cfg->rewrite[s] = -1;
    } else if (opt->id == 'e') {
        memset(cfg->remap_exit, 0, sizeof(cfg->remap_exit));
    } else if (opt->id == OPT_CAP_DROP) {
        cfg->harden.cap_drop = 0;
        cfg->harden.cap_drop_all = false;
    } else if (opt->id == OPT_CAP_ADD) {
        cfg->harden.cap_add = 0;
    } else if (opt->id == OPT_RLIMIT) {
        cfg->harden.n_rlimits = 0;
    } else if (opt->id == OPT_TMPFS) {
        cfg->harden.n_tmpfs = 0;
    } else if (opt->id == OPT_WAIT_HTTP || opt->id == OPT_WAIT_TCP) {
        /* the two lists share one array: keep the other option's gates */
        size_t keep = 0;
        const char *tcp = "tcp://";
        for (size_t i = 0; i < cfg->health.n_wait; i++) {
            bool is_tcp = strncmp(cfg->health.wait[i], tcp, 6) == 0;
            if (is_tcp != (opt->id == OPT_WAIT_TCP))
                memmove(cfg->health.wait[keep++], cfg->health.wait[i], sizeof(cfg->health.wait[0]));
        }
        cfg->health.n_wait = keep;
    }
}

/* HARDINIT_<NAME>: upper case, '-' -> '_'. */
static void env_name(const struct hi_option *opt, char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "HARDINIT_");
    for (const char *p = opt->name; *p && len + 1 < size; p++)
        buf[len++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    buf[len] = '\0';
}

static int apply_environment(char **envp, struct hi_config *cfg, struct hi_error *err)
{
    for (const struct hi_option *o = hi_options; o->name; o++) {
        if (o->kind == HI_OPT_CLI)
            continue;
        char name[64];
        env_name(o, name, sizeof(name));
        const char *value = hi_env_get(envp, name);
        if (!value || !*value)
            continue;
        if (o->kind != HI_OPT_LIST) {
            int r = hi_option_apply(cfg, o, value, name, err);
            if (r < 0)
                return r;
            continue;
        }
        hi_option_clear(cfg, o);
        char item[HI_PATH_MAX + 128];
        const char sep[2] = {o->env_sep ? o->env_sep : ',', '\0'};
        for (const char *p = value; *p;) {
            size_t len = strcspn(p, sep);
            if (len >= sizeof(item))
                return hi_error_set(err, EINVAL, name, "list item too long");
            memcpy(item, p, len);
            item[len] = '\0';
            p += len + (p[len] != '\0');
            if (len == 0 && o->env_sep == ' ')
                continue; /* several spaces */
            int r = hi_option_apply(cfg, o, item, name, err);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

struct cli_item {
    const struct hi_option *opt;
    const char *value;
};

/* getopt_long's tables, built from hi_options. */
static void build_getopt(struct option *longopts, char *shortopts)
{
    size_t n = 0, s = 0;
    shortopts[s++] = '+'; /* stop at the command: its own options are its own */
    shortopts[s++] = ':'; /* report a missing argument as ':' */
    for (const struct hi_option *o = hi_options; o->name; o++, n++) {
        bool has_arg = o->kind == HI_OPT_VALUE || o->kind == HI_OPT_LIST || o->arg;
        int how = o->kind == HI_OPT_OPTIONAL ? optional_argument
                  : has_arg                  ? required_argument
                                             : no_argument;
        longopts[n] = (struct option){o->name, how, NULL, o->id};
        if (o->id < 256) {
            shortopts[s++] = (char)o->id;
            if (has_arg)
                shortopts[s++] = ':';
        }
    }
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    shortopts[s] = '\0';
}

static enum hi_cli_action usage_error(struct hi_error *err, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    if (c == ':')
        hi_error_set(err, EINVAL, "usage", "option '%s' needs an argument", arg);
    else if (optopt)
        hi_error_set(err, EINVAL, "usage", "unknown option '-%c'", optopt);
    else
        hi_error_set(err, EINVAL, "usage", "unknown option '%s'", arg);
    return HI_CLI_USAGE;
}

enum hi_cli_action hi_cli_parse_hardinit(int argc, char **argv, char **envp, struct hi_config *cfg,
                                         struct hi_error *err)
{
    struct option longopts[sizeof(hi_options) / sizeof(hi_options[0])];
    char shortopts[64];
    build_getopt(longopts, shortopts);

    /* getopt yields at most one option per character ("-vvc" is three). */
    size_t max_items = 1;
    for (int i = 1; i < argc; i++)
        max_items += strlen(argv[i]);
    _cleanup_free_ struct cli_item *items = calloc(max_items, sizeof(*items));
    if (!items) {
        hi_error_errno(err, ENOMEM, "usage", "parsing arguments");
        return HI_CLI_USAGE;
    }
    size_t nitems = 0;
    const char *config = hi_env_get(envp, "HARDINIT_CONFIG");
    enum hi_cli_action action = HI_CLI_RUN;

    optind = 0; /* full reset: the parser is called more than once in tests */
    opterr = 0;
    int c;
    while (action == HI_CLI_RUN && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const struct hi_option *o = option_by_id(c);
        if (c == 'h')
            action = HI_CLI_HELP;
        else if (c == 'V')
            action = HI_CLI_VERSION;
        else if (c == OPT_CONFIG)
            config = optarg;
        else if (o)
            items[nitems++] = (struct cli_item){o, o->kind == HI_OPT_FLAG ? "true"
                                                   : optarg               ? optarg
                                                                          : ""};
        else
            action = usage_error(err, c, argv);
    }
    if (action != HI_CLI_RUN)
        return action;

    if (optind >= argc) {
        hi_error_set(err, EINVAL, "usage", "no command given (hardinit [OPTIONS] [--] COMMAND)");
        return HI_CLI_USAGE;
    }
    cfg->argv = argv + optind;

    if ((config && *config && hi_config_file_apply(config, cfg, err) < 0) ||
        apply_environment(envp, cfg, err) < 0)
        return HI_CLI_USAGE;

    /* The command line last: it wins. A list given here replaces earlier sources' list. */
    bool cleared[sizeof(hi_options) / sizeof(hi_options[0])] = {false};
    for (size_t i = 0; i < nitems; i++) {
        const struct hi_option *o = items[i].opt;
        size_t idx = (size_t)(o - hi_options);
        if (o->kind == HI_OPT_LIST && !cleared[idx]) {
            hi_option_clear(cfg, o);
            cleared[idx] = true;
        }
        char where[64];
        snprintf(where, sizeof(where), "--%s", o->name);
        if (hi_option_apply(cfg, o, items[i].value, where, err) < 0)
            return HI_CLI_USAGE;
    }
    hi_config_finish_rewrites(cfg);
    hi_harden_resolve(&cfg->harden);
    return HI_CLI_RUN;
}

void hi_cli_help_hardinit(FILE *out)
{
    fprintf(out, "Usage: hardinit [OPTIONS] [--] COMMAND [ARG...]\n"
                 "       hardinit --help | --version\n\n"
                 "Run COMMAND as the child of a PID 1 that forwards signals, reaps zombies\n"
                 "and exits with COMMAND's status (128+N when it dies of signal N).\n\n"
                 "Options (each also as the environment variable HARDINIT_<NAME>):\n");
    for (const struct hi_option *o = hi_options; o->name; o++) {
        char left[64];
        int n = 0;
        if (o->id < 256)
            n = snprintf(left, sizeof(left), "-%c, ", o->id);
        else
            n = snprintf(left, sizeof(left), "    ");
        snprintf(left + n, sizeof(left) - (size_t)n, "--%s%s%s", o->name,
                 o->arg && o->kind != HI_OPT_OPTIONAL ? " " : "", o->arg ? o->arg : "");
        fprintf(out, "  %-28s %s\n", left, o->help);
    }
    fprintf(out, "\nExit status: COMMAND's; 125 hardinit failed, 126 COMMAND could not be\n"
                 "executed, 127 COMMAND was not found.\n");
}
