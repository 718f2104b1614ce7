/* SPDX-License-Identifier: MIT */
/*
 * supervise.c - the PID-1 event loop: epoll over the signalfd and one timerfd.
 *
 * Single-threaded and allocation-free. Idle, it sleeps in epoll_wait with no timeout: the
 * timerfd is armed only for the grace period. Reaping is waitpid(-1, WNOHANG) until it
 * returns 0 or ECHILD, on every SIGCHLD (signals of one kind coalesce, so one SIGCHLD may
 * stand for many exits).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hardinit/file.h"
#include "hardinit/health.h"
#include "hardinit/init.h"
#include "hardinit/log.h"
#include "hardinit/parse.h"

enum phase {
    PHASE_RUNNING,  /* the command runs */
    PHASE_DRAINING, /* the command has exited; the rest was sent SIGTERM */
};

struct loop {
    const struct hi_config *cfg;
    const struct hi_events *ev;
    struct hi_child child;
    bool pid1;
    enum phase phase;
    bool clock_started;       /* the grace period runs (a stop signal or the command's exit) */
    bool clock_expired;       /* it ran out: SIGKILL from now on */
    bool no_children;         /* waitpid said ECHILD */
    int status;               /* the command's exit status, once it has exited */
    struct hi_notify *notify; /* the app's seccomp supervisor, or NULL */
    struct hi_health health;  /* --health-url */
    bool unhealthy_stop;      /* --on-unhealthy exit stopped the app */
};

static int exit_status_of(int wstatus)
{
    if (WIFEXITED(wstatus))
        return WEXITSTATUS(wstatus);
    return 128 + WTERMSIG(wstatus);
}

static void send_signal(pid_t target, int sig)
{
    if (kill(target, sig) < 0 && errno != ESRCH) {
        char buf[16];
        hi_warn("cannot send SIG%s to %d: %m", hi_signal_name(sig, buf), (int)target);
    }
}

/* Call fn for every process whose parent is us, read from /proc/<pid>/stat. */
static void signal_our_children(int sig)
{
    int dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return;
    pid_t self = getpid();
    char buf[4096] __attribute__((aligned(8)));
    long n;
    while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
        for (long off = 0; off < n;) {
            struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] < '1' || d->d_name[0] > '9')
                continue;
            char path[300], stat[512];
            snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
            if (hi_read_small(path, stat, sizeof(stat)) <= 0)
                continue;
            /* "pid (comm) state ppid ...": comm may hold anything, so find the last ')'. */
            char *p = strrchr(stat, ')');
            /* " S ppid ": skip the state, read the parent (no sscanf: it is large). */
            if (p && p[1] == ' ' && p[2] && p[3] == ' ' && strtol(p + 4, NULL, 10) == (long)self)
                send_signal((pid_t)strtol(d->d_name, NULL, 10), sig);
        }
    }
    close(dfd);
}

/* Everyone but us and the command: as PID 1 every process in the namespace. */
static void signal_the_rest(struct loop *l, int sig)
{
    if (l->pid1) {
        if (kill(-1, sig) < 0 && errno != ESRCH)
            hi_warn("cannot signal the remaining processes: %m");
        return;
    }
    if (l->cfg->signal_group)
        send_signal(-l->child.pid, sig);
    signal_our_children(sig);
}

static void arm_timer(struct loop *l, uint64_t ms)
{
    struct itimerspec its = {
        .it_value = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000},
    };
    if (ms == 0)
        its.it_value.tv_nsec = 1; /* zero would disarm: expire at once instead */
    if (timerfd_settime(l->ev->timerfd, 0, &its, NULL) < 0)
        hi_warn("cannot arm the grace timer: %m");
}

static void start_clock(struct loop *l)
{
    if (l->clock_started)
        return;
    l->clock_started = true;
    arm_timer(l, l->cfg->grace_ms);
    hi_debug("grace period of %llu ms started", (unsigned long long)l->cfg->grace_ms);
}

/* Once the grace period is over, SIGKILL again every second until nothing is left. */
#define KILL_REPEAT_MS 1000

static void on_clock(struct loop *l)
{
    uint64_t ticks;
    if (read(l->ev->timerfd, &ticks, sizeof(ticks)) < 0)
        return;
    if (!l->clock_expired)
        hi_info("grace period over: sending SIGKILL");
    l->clock_expired = true;
    if (l->phase == PHASE_RUNNING)
        send_signal(l->cfg->signal_group ? -l->child.pid : l->child.pid, SIGKILL);
    if (l->phase == PHASE_DRAINING || l->pid1)
        signal_the_rest(l, SIGKILL);
    /* A process re-parented to us after this SIGKILL would otherwise be waited for forever. */
    arm_timer(l, KILL_REPEAT_MS);
}

/* The command has exited: decide how the rest goes. Returns true when we can exit now. */
static bool on_command_exit(struct loop *l)
{
    const struct hi_config *cfg = l->cfg;
    switch (cfg->on_child_exit) {
    case HI_EXIT_NOW:
        return true;
    case HI_EXIT_TERM_NOW:
        if (cfg->signal_group && cfg->rewrite[SIGTERM] > 0)
            send_signal(-l->child.pid, cfg->rewrite[SIGTERM]);
        return true;
    case HI_EXIT_GRACEFUL:
        break;
    }
    l->phase = PHASE_DRAINING;
    hi_health_stop(&l->health, l->ev->epfd); /* nothing left to probe */
    if (l->no_children)
        return true;
    hi_debug("'%s' exited; stopping the remaining processes", cfg->argv[0]);
    signal_the_rest(l, l->clock_expired ? SIGKILL : SIGTERM);
    start_clock(l);
    return false;
}

/* Reap every zombie. Returns true when hardinit should exit now. */
static bool reap(struct loop *l)
{
    bool command_exited = false;
    for (;;) {
        int wstatus;
        pid_t pid = waitpid(-1, &wstatus, WNOHANG);
        if (pid == 0)
            break;
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            l->no_children = true; /* ECHILD */
            break;
        }
        if (pid == l->child.pid) {
            l->status = exit_status_of(wstatus);
            command_exited = true;
            hi_debug("'%s' (pid %d) exited with status %d", l->cfg->argv[0], (int)pid, l->status);
        } else if (l->cfg->warn_on_reap) {
            hi_warn("Reaped zombie process with pid=%d (not the command)", (int)pid);
        } else {
            hi_debug("reaped process %d", (int)pid);
        }
    }
    if (command_exited)
        return on_command_exit(l);
    return l->phase == PHASE_DRAINING && l->no_children;
}

static bool is_stop_signal(int sig)
{
    return sig == SIGTERM || sig == SIGINT;
}

static void forward(struct loop *l, int sig)
{
    const struct hi_config *cfg = l->cfg;
    if (sig == SIGHUP && l->child.ignore_hup) {
        l->child.ignore_hup = false;
        hi_debug("ignored the SIGHUP of the terminal hand-over");
        return;
    }
    if (sig == SIGCONT && l->child.ignore_cont) {
        l->child.ignore_cont = false;
        hi_debug("ignored the SIGCONT of the terminal hand-over");
        return;
    }
    if (sig == SIGUSR1 && hi_notify_mode(l->notify) == HI_NOTIFY_REPORT) {
        hi_notify_print_report(l->notify, stderr); /* the report so far; not forwarded */
        return;
    }
    int to = cfg->rewrite[sig];
    char a[16], b[16];
    if (to == 0) {
        hi_debug("dropped SIG%s", hi_signal_name(sig, a));
    } else {
        hi_debug("forwarding SIG%s as SIG%s", hi_signal_name(sig, a), hi_signal_name(to, b));
        if (l->phase == PHASE_RUNNING)
            send_signal(cfg->signal_group ? -l->child.pid : l->child.pid, to);
        else
            signal_the_rest(l, to);
        if (cfg->on_child_exit == HI_EXIT_GRACEFUL && is_stop_signal(sig))
            start_clock(l);
    }
    if (cfg->job_control_stop && (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)) {
        hi_debug("stopping ourselves as well");
        kill(getpid(), SIGSTOP);
    }
}

/* Drain the signalfd. Returns true when hardinit should exit now. */
static bool on_signals(struct loop *l)
{
    struct signalfd_siginfo si[16];
    bool done = false;
    for (;;) {
        ssize_t n = read(l->ev->sigfd, si, sizeof(si));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (size_t i = 0; i < (size_t)n / sizeof(si[0]); i++) {
            int sig = (int)si[i].ssi_signo;
            if (sig == SIGCHLD)
                done = reap(l) || done;
            else if (sig > 0 && sig <= HI_MAX_SIG)
                forward(l, sig);
        }
        if ((size_t)n < sizeof(si))
            break; /* drained: a further read would only say EAGAIN */
    }
    return done;
}

/* Seccomp notifications: a batch at a time, so that signals are never kept waiting. */
static void on_notify(struct loop *l)
{
    int r = hi_notify_serve(l->notify, 64);
    if (r == -EPIPE) { /* every process under the filter is gone */
        epoll_ctl(l->ev->epfd, EPOLL_CTL_DEL, hi_notify_listener(l->notify), NULL);
    } else if (r < 0) {
        errno = -r;
        hi_error_log("seccomp: the notification listener failed: %m");
        epoll_ctl(l->ev->epfd, EPOLL_CTL_DEL, hi_notify_listener(l->notify), NULL);
    }
}

/* What a health probe asks for. */
static void on_health(struct loop *l, enum hi_health_action action)
{
    char name[16];
    if (action == HI_HEALTH_STOP && l->phase == PHASE_RUNNING && !l->unhealthy_stop) {
        hi_warn("health: stopping '%s' (--on-unhealthy exit)", l->cfg->argv[0]);
        l->unhealthy_stop = true;
        forward(l, SIGTERM); /* as a stop signal would: the grace period, then SIGKILL */
    } else if (action == HI_HEALTH_SIGNAL && l->phase == PHASE_RUNNING) {
        int sig = l->cfg->health.unhealthy_signal;
        hi_warn("health: sending SIG%s to '%s' (--on-unhealthy)", hi_signal_name(sig, name),
                l->cfg->argv[0]);
        send_signal(l->cfg->signal_group ? -l->child.pid : l->child.pid, sig);
    }
}

int hi_supervise(const struct hi_config *cfg, const struct hi_events *ev,
                 const struct hi_child *child, struct hi_notify *notify)
{
    struct loop l = {
        .cfg = cfg,
        .ev = ev,
        .child = *child,
        .pid1 = getpid() == 1,
        .phase = PHASE_RUNNING,
        .notify = notify,
    };
    struct hi_error err = {0};
    if (hi_health_init(&l.health, &cfg->health, hi_probe_now_ms(), &err) < 0)
        hi_error_log("%s: %s", err.step, err.msg); /* the URL was checked when parsed */
    hi_health_begin(&l.health);
    int listener = hi_notify_listener(notify);
    if (listener >= 0) {
        struct epoll_event e = {.events = EPOLLIN, .data.fd = listener};
        if (epoll_ctl(ev->epfd, EPOLL_CTL_ADD, listener, &e) < 0)
            hi_error_log("seccomp: watching the notification listener: %m");
    }

    /* Anything that exited before the loop started has left a pending SIGCHLD: no race. */
    bool done = false;
    while (!done) {
        struct epoll_event events[4];
        int n = epoll_wait(ev->epfd, events, 4, hi_health_timeout(&l.health, hi_probe_now_ms()));
        if (n < 0 && errno != EINTR) {
            /* Only EBADF/EFAULT/EINVAL, i.e. a bug: never spin, never die. */
            hi_error_log("epoll_wait: %m");
            sleep(1);
        }
        for (int i = 0; i < n && !done; i++) {
            if (events[i].data.u64 >> 32 == HI_TAG_HEALTH)
                on_health(&l, hi_health_event(&l.health, ev->epfd, (short)events[i].events,
                                              hi_probe_now_ms()));
            else if (events[i].data.fd == ev->timerfd)
                on_clock(&l);
            else if (events[i].data.fd == ev->sigfd)
                done = on_signals(&l);
            else
                on_notify(&l);
        }
        if (!done) /* the health probe's deadline and schedule */
            on_health(&l, hi_health_tick(&l.health, ev->epfd, hi_probe_now_ms()));
    }
    hi_health_stop(&l.health, ev->epfd);

    int status = l.status;
    if (cfg->remap_exit[status & 0xff]) {
        hi_debug("exit status %d remapped to 0", status);
        status = 0;
    }
    if (l.unhealthy_stop && status == 0)
        status = 1; /* stopped for being unhealthy: never a success */
    return status;
}
