/* SPDX-License-Identifier: MIT */
/*
 * health.h - probes in the PID-1 event loop (src/init/health.c): the start-up gates
 * (--wait-http, --wait-tcp), run before the spawn, and the app's health (--health-url),
 * probed while it runs. Built on src/probe's non-blocking prober.
 */
#ifndef HARDINIT_HEALTH_H
#define HARDINIT_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "hardinit/config.h"
#include "hardinit/error.h"
#include "hardinit/init.h"
#include "hardinit/probe.h"

/* epoll_data.u64 >> 32 of a probe's fd (the init's own fds have 0 there). */
#define HI_TAG_HEALTH 1
#define HI_TAG_GATE   16 /* + the gate's index */

/* One probe, repeated, with its fd in the init's epoll set. */
struct hi_watch {
    struct hi_probe_opts opts;
    struct hi_probe probe;
    uint32_t tag;
    bool running;
    bool ended;          /* an attempt ended and its result is not yet looked at */
    uint64_t started_ms; /* of the current or last attempt */
    uint64_t next_ms;    /* when the next attempt starts (not running) */
    char why[400];       /* the last failure */
};

void hi_watch_init(struct hi_watch *w, uint32_t tag);
int hi_watch_start(struct hi_watch *w, int epfd, uint64_t now_ms);
/* Advance on an event (revents) or a deadline (0); true once the attempt has ended. */
bool hi_watch_step(struct hi_watch *w, int epfd, short revents, uint64_t now_ms);
/* When the watch needs a call: the running probe's deadline, or the next start. */
uint64_t hi_watch_wake(const struct hi_watch *w);
void hi_watch_cancel(struct hi_watch *w, int epfd);

/*
 * The gates: probe every o->wait URL (every wait_interval_ms) until all are healthy.
 * Returns 0 when they are; 128+N when signal N (TERM, INT, QUIT) stopped the start;
 * -errno with err filled when one is not healthy within wait_timeout_ms.
 */
int hi_gates_run(const struct hi_health_opts *o, const struct hi_events *ev, struct hi_error *err);

enum hi_health_state {
    HI_HEALTH_STARTING = 0,
    HI_HEALTH_HEALTHY,
    HI_HEALTH_UNHEALTHY,
};

/* What the loop should do after a probe. */
enum hi_health_action {
    HI_HEALTH_NOTHING = 0,
    HI_HEALTH_STOP,   /* --on-unhealthy exit: stop the app, exit non-zero */
    HI_HEALTH_SIGNAL, /* --on-unhealthy signal:SIG: send it to the app */
};

struct hi_health {
    const struct hi_health_opts *o;
    bool enabled;
    struct hi_watch w;
    enum hi_health_state state;
    unsigned streak; /* failed probes in a row (outside the start period) */
    uint64_t probes;
    uint64_t started_ms;
};

int hi_health_init(struct hi_health *h, const struct hi_health_opts *o, uint64_t now_ms,
                   struct hi_error *err);
/* Once the app runs: the status file says "starting". */
void hi_health_begin(struct hi_health *h);
/* The probe's fd had revents. */
enum hi_health_action hi_health_event(struct hi_health *h, int epfd, short revents,
                                      uint64_t now_ms);
/* Deadlines and the schedule: call after every wake-up. */
enum hi_health_action hi_health_tick(struct hi_health *h, int epfd, uint64_t now_ms);
/* The epoll_wait timeout the health checks need (-1: none). */
int hi_health_timeout(const struct hi_health *h, uint64_t now_ms);
void hi_health_stop(struct hi_health *h, int epfd);

#endif
