/* SPDX-License-Identifier: MIT */
/*
 * config.h - what the command line, the environment and a config file say, as one struct.
 *
 * Built once by hi_cli_parse() (or a personality's dialect), then passed down read-only.
 * Nothing in it is a pointer into memory that changes later: argv is the process's own.
 */
#ifndef HARDINIT_CONFIG_H
#define HARDINIT_CONFIG_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "hardinit/harden.h"
#include "hardinit/log.h"

#define HI_MAX_SIG          64    /* SIGRTMAX on Linux */
#define HI_DEFAULT_GRACE_MS 10000 /* docker stop's default */
#define HI_MAX_GRACE_MS     (24ULL * 3600 * 1000)
#define HI_MAX_GATES        8
#define HI_GATE_URL_MAX     512

/* Who we pretend to be: chosen by argv[0]'s basename. */
enum hi_personality {
    HI_PERSONALITY_HARDINIT = 0,
    HI_PERSONALITY_DUMB_INIT,
    HI_PERSONALITY_TINI,
};

/* Where the child runs and where forwarded signals go. */
enum hi_session {
    HI_SESSION_SETSID, /* child leads a new session (tty: TIOCSCTTY); signals to its group */
    HI_SESSION_PGRP,   /* child leads a new process group (tty: tcsetpgrp) (tini) */
    HI_SESSION_NONE,   /* child stays in our session and group (dumb-init -c) */
};

/* The signal mask and dispositions the child execs with. */
enum hi_child_signals {
    HI_CHILD_SIGNALS_INHERITED, /* the mask and ignored set hardinit was started with */
    HI_CHILD_SIGNALS_DEFAULT,   /* nothing blocked, nothing ignored (dumb-init) */
};

/* What to do when the main child has exited while other processes remain. */
enum hi_on_child_exit {
    HI_EXIT_GRACEFUL, /* SIGTERM the rest, SIGKILL after the grace period, then exit */
    HI_EXIT_TERM_NOW, /* SIGTERM the rest and exit at once (dumb-init) */
    HI_EXIT_NOW,      /* exit at once (tini; as PID 1 the kernel kills the rest) */
};

/* A tri-state for options whose default depends on where we run. */
enum hi_auto {
    HI_AUTO = -1,
    HI_OFF = 0,
    HI_ON = 1,
};

/* What to do when the app turns unhealthy (--on-unhealthy). */
enum hi_on_unhealthy {
    HI_UNHEALTHY_NONE = 0, /* say so, and write it to the status file */
    HI_UNHEALTHY_EXIT,     /* stop the app (the grace period) and exit non-zero */
    HI_UNHEALTHY_SIGNAL,   /* send the app a signal */
};

/* Start-up gates and health checks (src/init/health.c), probed with src/probe. */
struct hi_health_opts {
    char wait[HI_MAX_GATES][HI_GATE_URL_MAX]; /* --wait-http URL, --wait-tcp as tcp://H:P */
    size_t n_wait;
    uint64_t wait_timeout_ms;                          /* give up the start (default 60 s) */
    uint64_t wait_interval_ms;                         /* between attempts (default 1 s) */
    char url[HI_GATE_URL_MAX];                         /* --health-url, "" = none */
    uint64_t interval_ms, timeout_ms, start_period_ms; /* docker's 30 s, 30 s, 0 */
    unsigned retries;                                  /* docker's 3 */
    enum hi_on_unhealthy on_unhealthy;
    int unhealthy_signal;
    char status_file[HI_PATH_MAX]; /* --health-status-file, "" = none */
};

struct hi_config {
    enum hi_personality personality;
    const char *prog; /* name for messages: "hardinit", "dumb-init", "tini" */

    char **argv; /* the command; NULL-terminated, argv[0] non-NULL */

    /* forwarding */
    enum hi_session session;
    bool signal_group;           /* forward to the child's process group, not the child */
    int rewrite[HI_MAX_SIG + 1]; /* signal -> signal to send; 0 = drop; index 0 unused */
    bool forward_faults;         /* block and forward SEGV, BUS, ILL, FPE, ABRT, TRAP, SYS */
    bool job_control_stop;       /* TSTP/TTIN/TTOU: forward, then SIGSTOP ourselves */
    bool ignore_tty_handoff;     /* ignore the first SIGHUP/SIGCONT after TIOCNOTTY */
    enum hi_child_signals child_signals; /* restored in the child before exec */

    /* shutdown */
    enum hi_on_child_exit on_child_exit;
    uint64_t grace_ms; /* SIGTERM -> SIGKILL delay */
    bool chdir_root;   /* chdir("/") in the init after the spawn */

    /* process tree */
    enum hi_auto subreaper; /* AUTO: on when not PID 1 */
    bool warn_not_reaper;   /* tini: warn when neither PID 1 nor subreaper */
    bool warn_on_reap;      /* tini -w: warn about every zombie reaped */
    int pdeathsig;          /* 0 = none */

    /* exit status */
    bool remap_exit[256];   /* an exit status set here becomes 0 (tini -e) */
    int exec_enoent_status; /* 127, dumb-init: 2 */
    int exec_eacces_status; /* 126, dumb-init: 2 */
    int exec_other_status;  /* 126, tini: 1, dumb-init: 2 */
    int usage_status;       /* hardinit itself failed: 125, dumb-init and tini: 1 */

    /* start-up gates and health checks (hardinit's own dialect only) */
    struct hi_health_opts health;

    /* hardening of the app (hardinit's own dialect only) */
    struct hi_harden_opts harden;
    bool harden_self; /* drop our own privileges to a reaper's once the app runs */
    bool dry_run;     /* --dry-run: check everything, print the plan, start nothing */

    /* logging */
    int verbosity; /* enum hi_log_level: the highest level printed */
    enum hi_log_format log_format;
};

/* The defaults of a personality, before options. */
void hi_config_defaults(struct hi_config *cfg, enum hi_personality personality);

#endif
