/* SPDX-License-Identifier: MIT */
/* cli.c - personality from argv[0], defaults, and dispatch to the dialect's parser. */
#include <errno.h>
#include <string.h>

#include "options.h"

enum hi_personality hi_cli_personality(const char *argv0)
{
    if (!argv0)
        return HI_PERSONALITY_HARDINIT;
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    if (strcmp(base, "dumb-init") == 0)
        return HI_PERSONALITY_DUMB_INIT;
    if (strcmp(base, "tini") == 0 || strcmp(base, "tini-static") == 0)
        return HI_PERSONALITY_TINI;
    return HI_PERSONALITY_HARDINIT;
}

void hi_config_defaults(struct hi_config *cfg, enum hi_personality personality)
{
    *cfg = (struct hi_config){
        .personality = personality,
        .prog = "hardinit",
        .session = HI_SESSION_SETSID,
        .signal_group = true,
        .forward_faults = true,
        .job_control_stop = true,
        .ignore_tty_handoff = true,
        .child_signals = HI_CHILD_SIGNALS_INHERITED,
        .on_child_exit = HI_EXIT_GRACEFUL,
        .grace_ms = HI_DEFAULT_GRACE_MS,
        .chdir_root = true,
        .subreaper = HI_AUTO,
        .exec_enoent_status = 127,
        .exec_eacces_status = 126,
        .exec_other_status = 126,
        .usage_status = 125,
        .verbosity = HI_LOG_WARN,
        .log_format = HI_LOG_TEXT,
        .harden = {.no_new_privs = HI_NO, .read_only = HI_NO}, /* the peers never harden */
        .health = {.wait_timeout_ms = 60000,
                   .wait_interval_ms = 1000,
                   .interval_ms = 30000,
                   .timeout_ms = 30000,
                   .retries = 3}, /* docker's HEALTHCHECK defaults */
    };
    for (int s = 0; s <= HI_MAX_SIG; s++)
        cfg->rewrite[s] = -1;

    switch (personality) {
    case HI_PERSONALITY_HARDINIT:
        cfg->harden = (struct hi_harden_opts){.no_new_privs = HI_UNSET, .read_only = HI_UNSET};
        cfg->harden_self = true;
        break;
    case HI_PERSONALITY_DUMB_INIT:
        cfg->prog = "dumb-init";
        cfg->child_signals = HI_CHILD_SIGNALS_DEFAULT;
        cfg->on_child_exit = HI_EXIT_TERM_NOW;
        cfg->subreaper = HI_OFF;
        cfg->exec_enoent_status = cfg->exec_eacces_status = cfg->exec_other_status = 2;
        cfg->usage_status = 1;
        break;
    case HI_PERSONALITY_TINI:
        cfg->prog = "tini";
        cfg->session = HI_SESSION_PGRP;
        cfg->signal_group = false;
        cfg->forward_faults = false;
        cfg->job_control_stop = false;
        cfg->ignore_tty_handoff = false;
        cfg->on_child_exit = HI_EXIT_NOW;
        cfg->chdir_root = false;
        cfg->subreaper = HI_OFF;
        cfg->warn_not_reaper = true;
        cfg->exec_other_status = 1;
        cfg->usage_status = 1;
        break;
    }
}

void hi_config_finish_rewrites(struct hi_config *cfg)
{
    for (int s = 1; s <= HI_MAX_SIG; s++) {
        if (cfg->rewrite[s] >= 0)
            continue;
        /* In a new session the child's group is stopped as a whole (dumb-init's rule). */
        bool job = s == SIGTSTP || s == SIGTTIN || s == SIGTTOU;
        cfg->rewrite[s] = job && cfg->session == HI_SESSION_SETSID ? SIGSTOP : s;
    }
}

const char *hi_env_get(char **envp, const char *name)
{
    size_t len = strlen(name);
    for (char **e = envp; e && *e; e++) {
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return *e + len + 1;
    }
    return NULL;
}

enum hi_cli_action hi_cli_parse(int argc, char **argv, char **envp, struct hi_config *cfg,
                                struct hi_error *err)
{
    enum hi_personality p = hi_cli_personality(argc > 0 ? argv[0] : NULL);
    hi_config_defaults(cfg, p);
    if (argc < 1) {
        hi_error_set(err, EINVAL, "usage", "no command given");
        return HI_CLI_USAGE;
    }
    switch (p) {
    case HI_PERSONALITY_DUMB_INIT:
        return hi_cli_parse_dumb_init(argc, argv, envp, cfg, err);
    case HI_PERSONALITY_TINI:
        return hi_cli_parse_tini(argc, argv, envp, cfg, err);
    default:
        return hi_cli_parse_hardinit(argc, argv, envp, cfg, err);
    }
}

void hi_cli_help(const struct hi_config *cfg, FILE *out)
{
    switch (cfg->personality) {
    case HI_PERSONALITY_DUMB_INIT:
        hi_cli_help_dumb_init(out);
        break;
    case HI_PERSONALITY_TINI:
        hi_cli_help_tini(out);
        break;
    default:
        hi_cli_help_hardinit(out);
        break;
    }
}

void hi_cli_version(const struct hi_config *cfg, FILE *out)
{
    if (cfg->personality == HI_PERSONALITY_HARDINIT)
        fprintf(out, "hardinit %s\n", HI_VERSION_STRING);
    else
        fprintf(out, "hardinit %s (as %s)\n", HI_VERSION_STRING, cfg->prog);
}

void hi_cli_license(FILE *out)
{
    fprintf(out, "hardinit is distributed under the MIT license; see the LICENSE file of its\n"
                 "source distribution for the full text.\n");
}
