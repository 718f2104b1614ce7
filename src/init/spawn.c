/* SPDX-License-Identifier: MIT */
/*
 * spawn.c - fork, the child's short way to execve, and how a failure gets back.
 *
 * Everything that allocates or reads the environment happens before fork(). Between
 * fork() and execve() the child makes only async-signal-safe calls and leaves with
 * _exit(). A failure is written as {stage, errno} to a CLOEXEC pipe: a successful exec
 * closes it, so the parent reads either EOF (running) or the report.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/init.h"
#include "hardinit/log.h"

/* glibc's execvp default when PATH is unset. */
#define DEFAULT_PATH "/bin:/usr/bin"

enum child_stage {
    STAGE_SESSION = 1,
    STAGE_TTY,
    STAGE_HARDEN,
    STAGE_EXEC,
};

static const char *const stage_names[] = {
    [STAGE_SESSION] = "session",
    [STAGE_TTY] = "tty",
    [STAGE_HARDEN] = "harden",
    [STAGE_EXEC] = "exec",
};

struct child_report {
    int stage;
    int err;
    const char *step; /* STAGE_HARDEN: a static string, valid in the parent after fork */
    int item;
};

/* What the child needs, prepared by the parent so that the child does not allocate. */
struct exec_plan {
    char *const *argv;
    char *const *envp;
    char **sh_argv; /* {"/bin/sh", <path>, argv[1..], NULL}, for ENOEXEC as execvp does */
    const char *path;
};

static void write_report(int fd, int stage, int err, const char *step, int item)
{
    struct child_report r = {stage, err, step, item};
    ssize_t n;
    do {
        n = write(fd, &r, sizeof(r));
    } while (n < 0 && errno == EINTR);
}

/* execve one candidate; ENOEXEC (a script without #!) is run by /bin/sh, as execvp does. */
static void try_exec(const struct exec_plan *p, const char *file)
{
    execve(file, p->argv, p->envp);
    if (errno == ENOEXEC && p->sh_argv) {
        p->sh_argv[1] = (char *)file;
        execve("/bin/sh", p->sh_argv, p->envp);
        errno = ENOEXEC;
    }
}

/*
 * execvp's search, without malloc (the child runs it): file itself when it has a '/',
 * else each directory of path in turn, each candidate given to try() until one succeeds
 * (0) or fails in a way that ends the search. Returns 0 or the errno execvp reports.
 */
static int path_search(const char *file, const char *path, int (*try)(const char *, void *),
                       void *ctx)
{
    if (strchr(file, '/'))
        return try(file, ctx);
    size_t flen = strlen(file);
    bool eacces = false;
    for (const char *dir = path;; dir++) {
        const char *end = strchrnul(dir, ':');
        size_t dlen = (size_t)(end - dir);
        char buf[PATH_MAX];
        if (dlen + 1 + flen < sizeof(buf)) {
            memcpy(buf, dir, dlen);
            size_t at = dlen;
            if (dlen > 0)
                buf[at++] = '/';
            memcpy(buf + at, file, flen + 1);
            int e = try(buf, ctx);
            switch (e) {
            case 0:
                return 0;
            case EACCES:
                eacces = true;
                break;
            case ENOENT:
            case ENOTDIR:
            case ESTALE:
            case ENODEV:
            case ETIMEDOUT:
                break;
            default:
                return e;
            }
        }
        if (*end == '\0')
            break;
        dir = end;
    }
    return eacces ? EACCES : ENOENT;
}

static const char *search_path(void)
{
    const char *path = getenv("PATH");
    return path && *path ? path : DEFAULT_PATH;
}

/* execve returns only when it failed: its errno. */
static int try_exec_candidate(const char *file, void *plan)
{
    try_exec(plan, file);
    return errno;
}

/* Returns the errno to report. */
static int exec_search(const struct exec_plan *p)
{
    return path_search(p->argv[0], p->path, try_exec_candidate, (void *)p);
}

struct found {
    char *buf;
    size_t size;
};

static int try_access(const char *file, void *ctx)
{
    struct found *f = ctx;
    if (access(file, X_OK) < 0)
        return errno;
    if ((size_t)snprintf(f->buf, f->size, "%s", file) >= f->size)
        return ENAMETOOLONG;
    return 0;
}

int hi_command_path(const char *file, char *buf, size_t size)
{
    struct found f = {buf, size};
    return -path_search(file, search_path(), try_access, &f);
}

static int child_session(const struct hi_config *cfg)
{
    switch (cfg->session) {
    case HI_SESSION_SETSID:
        if (setsid() < 0)
            return -errno;
        /* Take the terminal we were started on, if there is one; not having one is fine. */
        (void)ioctl(STDIN_FILENO, TIOCSCTTY, 0);
        return 0;
    case HI_SESSION_PGRP:
        if (setpgid(0, 0) < 0)
            return -errno;
        return 0;
    case HI_SESSION_NONE:
        return 0;
    }
    return 0;
}

/* A new process group becomes the terminal's foreground group (tini's rule). */
static int child_tty(const struct hi_config *cfg)
{
    if (cfg->session != HI_SESSION_PGRP)
        return 0;
    if (tcsetpgrp(STDIN_FILENO, getpgrp()) < 0 && errno != ENOTTY && errno != ENXIO &&
        errno != EBADF)
        return -errno;
    return 0;
}

static void child_restore_signals(const struct hi_config *cfg, const struct hi_events *ev)
{
    sigset_t empty;
    sigemptyset(&empty);
    if (cfg->child_signals == HI_CHILD_SIGNALS_DEFAULT) {
        /* dumb-init's children start clean: its catch-all handlers reset on exec. */
        for (int s = 1; s <= HI_MAX_SIG; s++)
            signal(s, SIG_DFL);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        return;
    }
    /* Only SIGCHLD was changed by us (every other inherited SIG_IGN is still in place). */
    if (ev->sigchld_ignored)
        signal(SIGCHLD, SIG_IGN);
    sigprocmask(SIG_SETMASK, &ev->inherited_mask, NULL);
}

/*
 * The cgroup gate: with cgroup limits, the child waits on a pipe until the parent has put
 * it into the app's cgroup (cgroup.procs), so nothing of the app ever runs outside it.
 * One byte means placed; EOF means the parent failed, and the child leaves quietly.
 */
struct cgroup_gate {
    int rd, wr; /* -1 when there is no cgroup to join */
};

static int gate_open(const struct hi_plan *hplan, struct cgroup_gate *g)
{
    int fds[2] = {-1, -1};
    if (hplan->cgroup && hplan->cgroup->n_leaves > 0 && pipe2(fds, O_CLOEXEC) < 0)
        return -errno;
    *g = (struct cgroup_gate){fds[0], fds[1]};
    return 0;
}

static void gate_close(struct cgroup_gate *g)
{
    int *fds[] = {&g->rd, &g->wr};
    for (size_t i = 0; i < 2; i++) {
        if (*fds[i] >= 0)
            close(*fds[i]);
        *fds[i] = -1;
    }
}

/* In the child: true once placed. */
static bool gate_wait(struct cgroup_gate *g)
{
    if (g->rd < 0)
        return true;
    close(g->wr);
    char c;
    ssize_t n;
    do {
        n = read(g->rd, &c, 1);
    } while (n < 0 && errno == EINTR);
    close(g->rd);
    return n == 1;
}

/* In the parent: place the child, then open the gate (or close it: the child exits). */
static int gate_place(const struct hi_plan *hplan, struct cgroup_gate *g, pid_t pid,
                      struct hi_error *err)
{
    if (g->rd < 0)
        return 0;
    close(g->rd);
    g->rd = -1;
    int r = hi_cgroup_place(hplan->cgroup, pid, err);
    if (r == 0 && write(g->wr, "", 1) != 1)
        r = hi_error_errno(err, errno, "cgroup", "releasing the child");
    gate_close(g);
    return r;
}

static __attribute__((noreturn)) void
child_main(const struct hi_config *cfg, const struct hi_events *ev, const struct hi_plan *hplan,
           const struct exec_plan *plan, int report_fd, struct cgroup_gate *gate)
{
    int r = child_session(cfg);
    if (r < 0) {
        write_report(report_fd, STAGE_SESSION, -r, NULL, -1);
        _exit(cfg->exec_other_status);
    }
    r = child_tty(cfg);
    if (r < 0) {
        write_report(report_fd, STAGE_TTY, -r, NULL, -1);
        _exit(cfg->exec_other_status);
    }
    if (!gate_wait(gate))
        _exit(cfg->usage_status); /* the parent failed to place us and says why */
    const char *step = NULL;
    int item = -1;
    r = hi_harden_apply_child(hplan, &step, &item);
    if (r < 0) {
        write_report(report_fd, STAGE_HARDEN, -r, step, item);
        _exit(cfg->usage_status);
    }
    child_restore_signals(cfg, ev);
    int e = exec_search(plan);
    write_report(report_fd, STAGE_EXEC, e, NULL, -1);
    _exit(hi_exec_failure_status(cfg, -e));
}

int hi_exec_failure_status(const struct hi_config *cfg, int neg_errno)
{
    switch (-neg_errno) {
    case ENOENT:
    case ENOTDIR:
        return cfg->exec_enoent_status;
    case EACCES:
        return cfg->exec_eacces_status;
    default:
        return cfg->exec_other_status;
    }
}

static char **make_sh_argv(char *const *argv)
{
    size_t n = 0;
    while (argv[n])
        n++;
    char **sh = calloc(n + 2, sizeof(*sh));
    if (!sh)
        return NULL;
    static char sh_path[] = "/bin/sh";
    sh[0] = sh_path;
    for (size_t i = 1; i < n; i++)
        sh[i + 1] = argv[i];
    return sh;
}

/* Read the child's report: 0 when the exec happened (EOF), else -errno with err filled. */
static int read_report(int fd, const struct hi_config *cfg, const struct hi_plan *hplan, pid_t pid,
                       struct hi_error *err)
{
    struct child_report rep;
    ssize_t n;
    do {
        n = read(fd, &rep, sizeof(rep));
    } while (n < 0 && errno == EINTR);
    if (n == 0)
        return 0;
    if (n != (ssize_t)sizeof(rep))
        return hi_error_errno(err, n < 0 ? errno : EIO, "spawn", "reading the child's report");

    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    const char *stage = rep.stage > 0 && rep.stage <= STAGE_EXEC ? stage_names[rep.stage] : "?";
    if (rep.stage == STAGE_EXEC)
        return hi_error_errno(err, rep.err, "exec", "%s", cfg->argv[0]);
    if (rep.stage == STAGE_HARDEN && rep.step)
        return hi_harden_child_error(hplan, rep.step, rep.item, -rep.err, err);
    return hi_error_errno(err, rep.err, stage, "preparing '%s'", cfg->argv[0]);
}

/* The listener from the child, if it sent one; the socket is done with either way. */
static void take_listener(int *sock, struct hi_notify *notify)
{
    int listener = hi_notify_recv_listener(*sock);
    if (listener >= 0)
        hi_notify_set_listener(notify, listener);
    close(*sock);
    *sock = -1;
}

/*
 * A supervised filter: take the listener from the child, and answer its calls (learn mode
 * routes them all, execve too) until the report pipe says it has exec'd or failed.
 */
static int serve_until_exec(int report_fd, int sock, struct hi_notify *notify, struct hi_error *err)
{
    for (;;) {
        struct pollfd p[3] = {
            {.fd = report_fd, .events = POLLIN},
            {.fd = sock, .events = POLLIN},
            {.fd = hi_notify_listener(notify), .events = POLLIN},
        };
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            return hi_error_errno(err, errno, "seccomp", "poll");
        }
        if (p[2].revents & POLLIN)
            hi_notify_serve(notify, 64);
        if (sock >= 0 && p[1].revents) {
            take_listener(&sock, notify); /* none: the child failed before; its report says why */
            continue;
        }
        if (p[0].revents)
            break;
    }
    if (sock >= 0) /* sent just before the exec: it is there, or it never will be */
        take_listener(&sock, notify);
    return 0;
}

/* Give up our controlling terminal so that the child's new session can take it. */
static void release_tty(const struct hi_config *cfg, struct hi_child *child)
{
    if (cfg->session != HI_SESSION_SETSID)
        return;
    if (ioctl(STDIN_FILENO, TIOCNOTTY) < 0) {
        hi_debug("no controlling terminal to hand over (%m)");
        return;
    }
    /* A session leader giving up its tty gets SIGHUP and SIGCONT from the kernel. */
    if (cfg->ignore_tty_handoff && getsid(0) == getpid()) {
        hi_debug("gave up the terminal; ignoring the first SIGHUP and SIGCONT");
        child->ignore_hup = child->ignore_cont = true;
    }
}

static int spawn(const struct hi_config *cfg, const struct hi_events *ev,
                 const struct hi_plan *hplan, struct hi_notify *notify, int sv[2],
                 struct hi_child *ret, struct hi_error *err)
{
    struct hi_child child = {.pid = -1};
    _cleanup_free_ char **sh_argv = make_sh_argv(cfg->argv);
    struct exec_plan plan = {.argv = cfg->argv, .envp = hplan->envp, .sh_argv = sh_argv};
    plan.path = search_path();
    if (!plan.sh_argv)
        return hi_error_errno(err, ENOMEM, "spawn", "preparing '%s'", cfg->argv[0]);

    int pipefd[2];
    struct cgroup_gate gate = {-1, -1};
    if (gate_open(hplan, &gate) < 0)
        return hi_error_errno(err, errno, "spawn", "pipe");
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        int e = errno;
        gate_close(&gate);
        return hi_error_errno(err, e, "spawn", "pipe");
    }
    release_tty(cfg, &child);
    fflush(NULL);

    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        gate_close(&gate);
        return hi_error_errno(err, e, "spawn", "fork");
    }
    if (pid == 0) {
        close(pipefd[0]);
        child_main(cfg, ev, hplan, &plan, pipefd[1], &gate);
    }
    close(pipefd[1]);
    int r = gate_place(hplan, &gate, pid, err);
    if (r < 0) {
        close(pipefd[0]);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        return r;
    }
    if (sv[0] >= 0) {
        close(sv[1]);
        r = serve_until_exec(pipefd[0], sv[0], notify, err);
        sv[0] = sv[1] = -1;
    }
    if (r == 0)
        r = read_report(pipefd[0], cfg, hplan, pid, err);
    close(pipefd[0]);
    if (r < 0)
        return r;

    hi_debug("started '%s' as pid %d", cfg->argv[0], (int)pid);
    child.pid = pid;
    *ret = child;
    return 0;
}

int hi_spawn(const struct hi_config *cfg, const struct hi_events *ev, const struct hi_plan *plan_in,
             struct hi_notify *notify, struct hi_child *ret, struct hi_error *err)
{
    /* A supervised filter: a socketpair for the listener, and the program that routes. */
    struct hi_plan supervised = *plan_in;
    const struct hi_plan *hplan = plan_in;
    int sv[2] = {-1, -1};
    if (plan_in->notify) {
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
            return hi_error_errno(err, errno, "seccomp", "socketpair");
        supervised.notify_sock = sv[1];
        if (hi_notify_program(plan_in->notify, &plan_in->seccomp, sv[1], &supervised.seccomp, err) <
            0) {
            close(sv[0]);
            close(sv[1]);
            return -EINVAL;
        }
        hplan = &supervised;
    }
    int r = spawn(cfg, ev, hplan, notify, sv, ret, err);
    if (plan_in->notify)
        hi_bpf_free(&supervised.seccomp);
    for (int i = 0; i < 2; i++) {
        if (sv[i] >= 0)
            close(sv[i]); /* no child was made */
    }
    return r;
}
