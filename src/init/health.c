/* SPDX-License-Identifier: MIT */
/*
 * health.c - probes in the PID-1 event loop: the start-up gates (--wait-http, --wait-tcp)
 * before the spawn, and the app's health (--health-url) while it runs, with docker's
 * HEALTHCHECK meanings (interval, timeout, retries, start period).
 *
 * A probe is src/probe's non-blocking state machine: its fd goes into the init's epoll
 * set under a tag (the upper half of epoll_data.u64), and its deadline bounds the
 * epoll_wait timeout. Nothing here blocks: a hung endpoint costs a registered fd and a
 * deadline, never a delayed signal or reap.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hardinit/file.h"
#include "hardinit/health.h"
#include "hardinit/log.h"
#include "hardinit/parse.h"

/* ---------------------------------------------------------------- one probe in epoll */

/*
 * Re-arm after every step (probe.h): the probe closes the fds it stops using, which
 * leaves the epoll set by itself, and a new fd may get the same number. So: MOD, and ADD
 * where the kernel no longer knows the number. Never DEL: the number may be another
 * watch's by now.
 */
static void watch_sync(struct hi_watch *w, int epfd)
{
    int fd = w->running ? hi_probe_fd(&w->probe) : -1;
    short events = fd >= 0 ? hi_probe_events(&w->probe) : 0;
    if (fd >= 0) {
        struct epoll_event e = {.events = (uint32_t)events,
                                .data.u64 = ((uint64_t)w->tag << 32) | (uint32_t)fd};
        if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &e) < 0 &&
            (errno != ENOENT || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e) < 0))
            hi_debug("probe: watching fd %d: %m", fd);
    }
}

void hi_watch_init(struct hi_watch *w, uint32_t tag)
{
    memset(w, 0, sizeof(*w));
    w->tag = tag;
}

int hi_watch_start(struct hi_watch *w, int epfd, uint64_t now_ms)
{
    w->running = true;
    w->started_ms = now_ms;
    int r = hi_probe_start(&w->probe, &w->opts, now_ms);
    if (hi_probe_done(&w->probe))
        w->running = false;
    watch_sync(w, epfd);
    return r;
}

bool hi_watch_step(struct hi_watch *w, int epfd, short revents, uint64_t now_ms)
{
    if (!w->running)
        return false;
    bool done = hi_probe_step(&w->probe, revents, now_ms);
    if (done)
        w->running = false;
    watch_sync(w, epfd);
    return done;
}

uint64_t hi_watch_wake(const struct hi_watch *w)
{
    return w->running ? hi_probe_deadline(&w->probe) : w->next_ms;
}

void hi_watch_cancel(struct hi_watch *w, int epfd)
{
    if (w->running)
        hi_probe_cancel(&w->probe);
    w->running = false;
    watch_sync(w, epfd);
}

static int timeout_until(uint64_t when, uint64_t now)
{
    if (when == UINT64_MAX)
        return -1;
    return when <= now ? 0 : (int)(when - now > INT_MAX ? INT_MAX : when - now);
}

/* ---------------------------------------------------------------- the gates */

/* The signals that arrive while we wait: a stop signal ends the start. */
static int gate_signals(const struct hi_events *ev)
{
    struct signalfd_siginfo si[16];
    ssize_t n;
    while ((n = read(ev->sigfd, si, sizeof(si))) > 0) {
        for (size_t i = 0; i < (size_t)n / sizeof(si[0]); i++) {
            int sig = (int)si[i].ssi_signo;
            char name[16];
            if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT) {
                hi_warn("SIG%s while waiting for the gates: not starting",
                        hi_signal_name(sig, name));
                return 128 + sig;
            }
            if (sig == SIGCHLD) {
                while (waitpid(-1, NULL, WNOHANG) > 0) /* orphans of whoever was here */
                    ;
            } else {
                hi_debug("SIG%s while waiting for the gates: no app to forward it to",
                         hi_signal_name(sig, name));
            }
        }
    }
    return 0;
}

/* Look at an attempt that ended: true when the gate has passed. */
static bool gate_ended(struct hi_watch *w, const char *url, uint64_t interval_ms)
{
    const struct hi_probe_result *res = hi_probe_result(&w->probe);
    w->ended = false;
    if (res->healthy) {
        hi_info("wait: %s is healthy (%s)", url, res->why);
        return true;
    }
    snprintf(w->why, sizeof(w->why), "%s", res->why);
    hi_debug("wait: %s: %s", url, res->why);
    w->next_ms = w->started_ms + interval_ms;
    return false;
}

int hi_gates_run(const struct hi_health_opts *o, const struct hi_events *ev, struct hi_error *err)
{
    if (o->n_wait == 0)
        return 0;
    struct hi_watch *gates = calloc(o->n_wait, sizeof(*gates));
    bool *passed = calloc(o->n_wait, sizeof(*passed));
    if (!gates || !passed) {
        free(gates);
        free(passed);
        return hi_error_errno(err, ENOMEM, "wait", "gates");
    }
    uint64_t now = hi_probe_now_ms(), stop = now + o->wait_timeout_ms;
    int status = 0;
    size_t left = o->n_wait;
    for (size_t i = 0; i < o->n_wait && status == 0; i++) {
        hi_watch_init(&gates[i], HI_TAG_GATE + (uint32_t)i);
        hi_probe_opts_init(&gates[i].opts);
        if (hi_url_parse(o->wait[i], &gates[i].opts.url, err) < 0)
            status = -EINVAL;
        gates[i].next_ms = now; /* all at once */
    }
    while (status == 0 && left > 0) {
        now = hi_probe_now_ms();
        uint64_t wake = stop;
        for (size_t i = 0; i < o->n_wait; i++) {
            struct hi_watch *w = &gates[i];
            if (passed[i])
                continue;
            if (w->running && hi_probe_deadline(&w->probe) <= now)
                w->ended = hi_watch_step(w, ev->epfd, 0, now);
            if (!w->running && !w->ended && w->next_ms <= now && now < stop) {
                /* one attempt: the prober's default deadline, never past the gates' end */
                w->opts.timeout_ms =
                    stop - now < HI_PROBE_DEFAULT_MS ? stop - now : HI_PROBE_DEFAULT_MS;
                hi_watch_start(w, ev->epfd, now);
                w->ended = !w->running; /* a request that could not even be built */
            }
            if (w->ended && gate_ended(w, o->wait[i], o->wait_interval_ms)) {
                passed[i] = true;
                left--;
                continue;
            }
            uint64_t t = hi_watch_wake(w);
            if (t < wake)
                wake = t;
        }
        if (left == 0)
            break;
        if (now >= stop) {
            size_t i = 0;
            while (passed[i])
                i++;
            status = hi_error_set(err, ETIMEDOUT, "wait",
                                  "%s is not healthy after %llu ms (--wait-timeout): %s",
                                  o->wait[i], (unsigned long long)o->wait_timeout_ms,
                                  gates[i].why[0] ? gates[i].why : "no answer yet");
            break;
        }
        struct epoll_event events[HI_MAX_GATES + 4];
        int n = epoll_wait(ev->epfd, events, HI_MAX_GATES + 4, timeout_until(wake, now));
        now = hi_probe_now_ms();
        for (int k = 0; k < n && status == 0; k++) {
            uint32_t tag = (uint32_t)(events[k].data.u64 >> 32);
            if (tag >= HI_TAG_GATE && tag < HI_TAG_GATE + o->n_wait) {
                struct hi_watch *w = &gates[tag - HI_TAG_GATE];
                w->ended = hi_watch_step(w, ev->epfd, (short)events[k].events, now) || w->ended;
            } else if (tag == 0 && events[k].data.fd == ev->sigfd) {
                status = gate_signals(ev);
            }
        }
    }
    for (size_t i = 0; i < o->n_wait; i++)
        hi_watch_cancel(&gates[i], ev->epfd);
    free(gates);
    free(passed);
    return status;
}

/* ---------------------------------------------------------------- the app's health */

static const char *const state_names[] = {"starting", "healthy", "unhealthy"};

int hi_health_init(struct hi_health *h, const struct hi_health_opts *o, uint64_t now_ms,
                   struct hi_error *err)
{
    memset(h, 0, sizeof(*h));
    h->o = o;
    if (!o->url[0])
        return 0;
    hi_watch_init(&h->w, HI_TAG_HEALTH);
    hi_probe_opts_init(&h->w.opts);
    int r = hi_url_parse(o->url, &h->w.opts.url, err);
    if (r < 0)
        return r;
    h->w.opts.timeout_ms = o->timeout_ms;
    h->enabled = true;
    h->started_ms = now_ms;
    h->w.next_ms = now_ms + o->interval_ms; /* docker: the first probe after one interval */
    return 0;
}

/* The state, atomically: a reader never sees half a file. */
static void write_status(const struct hi_health *h, const char *why)
{
    const char *path = h->o->status_file;
    if (!path[0])
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:I, s:s, s:I}", "status", state_names[h->state], "reason", why,
                  "failing_streak", (int)h->streak, "probes", (json_int_t)h->probes, "url",
                  h->o->url, "time_ms", (json_int_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    struct hi_error err = {0};
    struct iovec iov = {text, text ? strlen(text) : 0};
    if (!text)
        hi_warn("health: writing %s: out of memory", path);
    else if (hi_write_file(path, &iov, 1, "health", &err) < 0)
        hi_warn("health: %s", err.msg);
    free(text);
}

void hi_health_begin(struct hi_health *h)
{
    if (h->enabled)
        write_status(h, "no probe yet");
}

static enum hi_health_action on_result(struct hi_health *h, uint64_t now_ms)
{
    const struct hi_probe_result *res = hi_probe_result(&h->w.probe);
    const struct hi_health_opts *o = h->o;
    enum hi_health_state was = h->state;
    h->probes++;
    if (res->healthy) {
        h->streak = 0;
        h->state = HI_HEALTH_HEALTHY;
    } else if (h->state == HI_HEALTH_STARTING && now_ms < h->started_ms + o->start_period_ms) {
        hi_debug("health: %s (in the start period: not counted)", res->why);
    } else if (++h->streak >= o->retries) {
        h->state = HI_HEALTH_UNHEALTHY;
    }
    write_status(h, res->why);
    h->w.next_ms = h->w.started_ms + o->interval_ms;
    if (h->w.next_ms <= now_ms)
        h->w.next_ms = now_ms + 1;
    if (h->state == was)
        return HI_HEALTH_NOTHING;
    if (h->state == HI_HEALTH_HEALTHY) {
        hi_info("health: the app is healthy (%s)", res->why);
        return HI_HEALTH_NOTHING;
    }
    if (h->state == HI_HEALTH_UNHEALTHY) {
        hi_warn("health: the app is unhealthy: %u failed probes of %s in a row; last: %s",
                h->streak, o->url, res->why);
        return o->on_unhealthy == HI_UNHEALTHY_EXIT     ? HI_HEALTH_STOP
               : o->on_unhealthy == HI_UNHEALTHY_SIGNAL ? HI_HEALTH_SIGNAL
                                                        : HI_HEALTH_NOTHING;
    }
    return HI_HEALTH_NOTHING;
}

enum hi_health_action hi_health_event(struct hi_health *h, int epfd, short revents, uint64_t now_ms)
{
    if (h->enabled && hi_watch_step(&h->w, epfd, revents, now_ms))
        return on_result(h, now_ms);
    return HI_HEALTH_NOTHING;
}

enum hi_health_action hi_health_tick(struct hi_health *h, int epfd, uint64_t now_ms)
{
    if (!h->enabled)
        return HI_HEALTH_NOTHING;
    if (h->w.running && hi_probe_deadline(&h->w.probe) <= now_ms)
        return hi_health_event(h, epfd, 0, now_ms);
    if (!h->w.running && h->w.next_ms <= now_ms) {
        h->w.next_ms = UINT64_MAX;
        hi_watch_start(&h->w, epfd, now_ms);
        if (!h->w.running) /* done at once (a request that cannot be built) */
            return on_result(h, now_ms);
    }
    return HI_HEALTH_NOTHING;
}

int hi_health_timeout(const struct hi_health *h, uint64_t now_ms)
{
    return h->enabled ? timeout_until(hi_watch_wake(&h->w), now_ms) : -1;
}

void hi_health_stop(struct hi_health *h, int epfd)
{
    if (!h->enabled)
        return;
    hi_watch_cancel(&h->w, epfd);
    h->enabled = false;
}
