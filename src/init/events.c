/* SPDX-License-Identifier: MIT */
/*
 * events.c - hardinit takes signals only through a signalfd: no handlers anywhere.
 *
 * Everything that can be forwarded is blocked. The synchronous faults (SEGV, BUS, ILL,
 * FPE, ABRT, TRAP, SYS) stay unblocked in the tini personality, as in tini; the others
 * block and forward them too, so `docker kill -s ABRT` reaches the app. A real fault in
 * hardinit still kills it: the kernel unblocks a synchronous fault it raises itself.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "hardinit/init.h"
#include "hardinit/log.h"

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};

static int add_fd(int epfd, int fd)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

int hi_events_setup(const struct hi_config *cfg, struct hi_events *ret, struct hi_error *err)
{
    struct hi_events e = {.sigfd = -1, .timerfd = -1, .epfd = -1};

    /*
     * hardinit installs no handlers, so every SIG_IGN it inherited survives the fork and
     * the exec by itself. SIGCHLD is the one it must change (to reap), and give back.
     */
    struct sigaction sa;
    e.sigchld_ignored = sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN;

    sigfillset(&e.blocked);
    if (!cfg->forward_faults) {
        for (size_t i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++)
            sigdelset(&e.blocked, fault_signals[i]);
    }
    if (sigprocmask(SIG_BLOCK, &e.blocked, &e.inherited_mask) < 0)
        return hi_error_errno(err, errno, "signals", "sigprocmask");

    const char *what = "signalfd";
    e.sigfd = signalfd(-1, &e.blocked, SFD_CLOEXEC | SFD_NONBLOCK);
    if (e.sigfd < 0)
        goto fail;
    what = "timerfd";
    e.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    if (e.timerfd < 0)
        goto fail;
    what = "epoll";
    e.epfd = epoll_create1(EPOLL_CLOEXEC);
    if (e.epfd < 0 || add_fd(e.epfd, e.sigfd) < 0 || add_fd(e.epfd, e.timerfd) < 0)
        goto fail;

    /* An inherited SIGCHLD=SIG_IGN would make the kernel reap for us, losing the status. */
    if (e.sigchld_ignored) {
        hi_debug("SIGCHLD was ignored by our parent; restoring the default for reaping");
        signal(SIGCHLD, SIG_DFL);
    }
    *ret = e;
    return 0;

fail:;
    int saved = errno;
    hi_events_close(&e);
    sigprocmask(SIG_SETMASK, &e.inherited_mask, NULL);
    return hi_error_errno(err, saved, "signals", "%s", what);
}

void hi_events_close(struct hi_events *ev)
{
    int *fds[] = {&ev->epfd, &ev->timerfd, &ev->sigfd};
    for (size_t i = 0; i < 3; i++) {
        if (*fds[i] >= 0)
            close(*fds[i]);
        *fds[i] = -1;
    }
}
