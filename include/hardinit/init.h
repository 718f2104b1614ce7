/* SPDX-License-Identifier: MIT */
/*
 * init.h - the PID-1 part: signal set-up, the spawn of the command, the supervise loop.
 *
 * The order, driven by hi_init_run():
 *   hi_events_setup()   record the caller's mask and ignored set, block what we forward,
 *                       open the signalfd, the grace timerfd and the epoll set, reset an
 *                       inherited SIGCHLD=SIG_IGN (all before the fork: a failure here
 *                       stops the start with nothing running);
 *   hi_spawn()          fork; the child restores the caller's signal state, joins its
 *                       session or group, and execs; an exec failure comes back over a
 *                       CLOEXEC pipe as -errno;
 *   hi_supervise()      the event loop until the command has exited and the rest is gone.
 */
#ifndef HARDINIT_INIT_H
#define HARDINIT_INIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "hardinit/config.h"
#include "hardinit/error.h"
#include "hardinit/harden.h"
#include "hardinit/notify.h"

/* The signal state we started with, and the event loop's file descriptors. */
struct hi_events {
    sigset_t inherited_mask; /* the mask hardinit was started with */
    bool sigchld_ignored;    /* started with SIGCHLD=SIG_IGN (reset in hardinit only) */
    sigset_t blocked;        /* what hardinit blocks and reads from sigfd */
    int sigfd;               /* signalfd of blocked */
    int timerfd;             /* the grace period; armed only while it runs */
    int epfd;                /* epoll over sigfd and timerfd */
};

struct hi_child {
    pid_t pid;
    bool ignore_hup;  /* the kernel sends SIGHUP+SIGCONT when we give up the tty: */
    bool ignore_cont; /* the first of each is ours, not the command's */
};

/* Returns 0 or -errno; on failure nothing is left blocked or open. */
int hi_events_setup(const struct hi_config *cfg, struct hi_events *ret, struct hi_error *err);
void hi_events_close(struct hi_events *ev);

/*
 * Start cfg->argv. Returns 0 with *ret filled once the command has been exec'd; or the
 * negative errno of the failed exec (err->step "exec"; the child is reaped); or another
 * negative errno when no child could be made. With notify (plan->notify set), the child's
 * filter is supervised: notify gets the listener, and serves the child's calls until
 * the exec.
 */
int hi_spawn(const struct hi_config *cfg, const struct hi_events *ev, const struct hi_plan *plan,
             struct hi_notify *notify, struct hi_child *ret, struct hi_error *err);

/* The exit status for a failed exec: 127 for "not found", 126 otherwise (per personality). */
int hi_exec_failure_status(const struct hi_config *cfg, int neg_errno);

/*
 * Forward signals and reap until the command has exited and, per cfg->on_child_exit, the
 * rest is gone. Returns hardinit's exit status: the command's (128+N for signal N), after
 * cfg->remap_exit. Never fails once the child runs: errors are logged and the loop goes on.
 */
int hi_supervise(const struct hi_config *cfg, const struct hi_events *ev,
                 const struct hi_child *child, struct hi_notify *notify);

/* The command as execvp would find it (PATH): 0 with its path in buf, or -errno. */
int hi_command_path(const char *file, char *buf, size_t size);

/* --dry-run's output: the plan, checked (cgroup: what was set up and removed again). */
void hi_plan_print(const struct hi_config *cfg, const struct hi_plan *plan, const char *command,
                   const char *cgroup, FILE *out);

/* The whole PID-1 job: set-up, spawn, supervise. Returns the exit status. */
int hi_init_run(const struct hi_config *cfg);

#endif
