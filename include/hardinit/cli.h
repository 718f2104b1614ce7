/* SPDX-License-Identifier: MIT */
/*
 * cli.h - argv, environment and config file to struct hi_config.
 *
 * hi_cli_parse() is a pure function of its inputs (it prints nothing and exits nowhere):
 * it picks the personality from argv[0], applies that dialect's defaults, then the config
 * file, the environment and the command line, in that order (a later source wins), and
 * says what main should do next.
 */
#ifndef HARDINIT_CLI_H
#define HARDINIT_CLI_H

#include <stdio.h>

#include "hardinit/config.h"
#include "hardinit/error.h"

#define HI_VERSION_STRING HARDINIT_VERSION

enum hi_cli_action {
    HI_CLI_RUN,     /* cfg is complete: start cfg->argv */
    HI_CLI_HELP,    /* print hi_cli_help() to stdout, exit 0 */
    HI_CLI_VERSION, /* print hi_cli_version() to stdout, exit 0 */
    HI_CLI_LICENSE, /* tini -l: print the license, exit 0 */
    HI_CLI_USAGE,   /* bad usage: err says what; print it, then the usage, exit usage_status */
};

/* Which personality argv[0] asks for: basename "dumb-init", "tini"/"tini-static", else ours. */
enum hi_personality hi_cli_personality(const char *argv0);

/*
 * Fill *cfg from argv (argv[argc] == NULL) and envp. Returns the action; for HI_CLI_USAGE
 * err holds the message and cfg->usage_status the exit status. argv is permuted by getopt
 * and cfg->argv points into it.
 */
enum hi_cli_action hi_cli_parse(int argc, char **argv, char **envp, struct hi_config *cfg,
                                struct hi_error *err);

/* Help, version and license text for the personality in cfg. */
void hi_cli_help(const struct hi_config *cfg, FILE *out);
void hi_cli_version(const struct hi_config *cfg, FILE *out);
void hi_cli_license(FILE *out);

/* Exported for the dialects (src/cli) and their tests. */
const char *hi_env_get(char **envp, const char *name);

#endif
