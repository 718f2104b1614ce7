/* SPDX-License-Identifier: MIT */
/*
 * notify.h - hardinit as the seccomp supervisor of the app, through the kernel's user
 * notification (SECCOMP_RET_USER_NOTIF):
 *
 *   report mode   calls the profile denies with an errno are routed to hardinit, which
 *                 answers with that same errno (still denied) and counts them;
 *   learn mode    every call is routed and let through (CONTINUE); what was used is
 *                 written as a profile.
 *
 * The child loads the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER and hands the listener
 * to hardinit over a socketpair (SCM_RIGHTS) before it execs; hardinit serves it in the
 * event loop. The report and the learned profile are written at exit.
 */
#ifndef HARDINIT_NOTIFY_H
#define HARDINIT_NOTIFY_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "hardinit/error.h"
#include "hardinit/seccomp.h"

enum hi_notify_mode {
    HI_NOTIFY_NONE = 0,
    HI_NOTIFY_REPORT,
    HI_NOTIFY_LEARN,
};

enum hi_report_format {
    HI_REPORT_TEXT = 0,
    HI_REPORT_JSON,
};

/*
 * Run a seccomp BPF program on one call, as the kernel would: the action it returns
 * (SECCOMP_RET_KILL_THREAD for a program that does not finish properly).
 */
uint32_t hi_bpf_run(const struct hi_bpf *bpf, const struct seccomp_data *data);

/*
 * The program the child loads. Report mode: profile with every ERRNO return routed to
 * the supervisor. Learn mode (profile unused): everything routed, except the one
 * sendmsg on sock_fd that hands the listener over. Both get the NEW_LISTENER flag.
 */
int hi_notify_program(enum hi_notify_mode mode, const struct hi_bpf *profile, int sock_fd,
                      struct hi_bpf *ret, struct hi_error *err);

/* The flags of the child's sendmsg of the listener (the learn program lets it through). */
#define HI_NOTIFY_SEND_FLAGS (MSG_NOSIGNAL | MSG_CMSG_CLOEXEC)

/* In the child, async-signal-safe: send the listener and close it. 0 or -errno. */
int hi_notify_send_listener(int sock_fd, int listener);
/* In the parent: receive it. The listener, or -errno (-ECONNRESET: the child went away). */
int hi_notify_recv_listener(int sock_fd);

struct hi_notify;

/* profile: the profile's own program (report mode answers with its errno); copied. */
int hi_notify_new(enum hi_notify_mode mode, enum hi_report_format format, const char *learn_path,
                  const struct hi_bpf *profile, struct hi_notify **ret, struct hi_error *err);
void hi_notify_free(struct hi_notify *n);
enum hi_notify_mode hi_notify_mode(const struct hi_notify *n);

/* The listener, once received (-1 before). hi_notify takes it over. */
void hi_notify_set_listener(struct hi_notify *n, int listener);
int hi_notify_listener(const struct hi_notify *n);

/*
 * Answer the notifications that are pending, at most max of them, without blocking.
 * Returns how many were answered; -errno only when the listener itself failed.
 */
int hi_notify_serve(struct hi_notify *n, int max);

/* Report mode: the denied calls, most frequent first (text or JSON), on out. */
void hi_notify_print_report(const struct hi_notify *n, FILE *out);

/* At exit: print the report, or write the learned profile (merged with the file). */
int hi_notify_finish(struct hi_notify *n, struct hi_error *err);

/* Learn mode's profile from a set of syscall names and architectures, merged with the
 * profile already in path (if any), written atomically. names: arrays of strings. */
int hi_notify_write_learned(const char *path, const char *const *names, size_t n_names,
                            const char *const *arches, size_t n_arches, struct hi_error *err);

#endif
