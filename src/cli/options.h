/* SPDX-License-Identifier: MIT */
/*
 * options.h - hardinit's own option table, shared by the command line, the environment
 * (HARDINIT_<NAME>) and the config file (key = long name). Internal to src/cli.
 */
#ifndef HARDINIT_CLI_OPTIONS_H
#define HARDINIT_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "hardinit/cli.h"

enum hi_option_kind {
    HI_OPT_FLAG,     /* no argument on the command line; a boolean elsewhere */
    HI_OPT_COUNT,    /* repeatable flag (-vv); a number elsewhere */
    HI_OPT_VALUE,    /* one argument */
    HI_OPT_OPTIONAL, /* --name or --name=VALUE on the command line ("" then); a string elsewhere */
    HI_OPT_LIST,     /* repeatable argument; a comma-separated list in the environment */
    HI_OPT_CLI,      /* command line only (--help, --config, --no-subreaper) */
};

struct hi_option {
    const char *name; /* long name and config key */
    int id;           /* short option letter, or a value above 255 */
    enum hi_option_kind kind;
    const char *arg;  /* argument name for --help, NULL for none */
    const char *help; /* one line */
    char env_sep;     /* HI_OPT_LIST: item separator in the environment (0: ',') */
};

extern const struct hi_option hi_options[];

const struct hi_option *hi_option_by_name(const char *name);

/*
 * Apply one value of opt to cfg. where names the source in errors ("--grace",
 * "HARDINIT_GRACE", "config: file.json:3:5: grace"). For HI_OPT_FLAG the value is a boolean
 * string ("true"); for HI_OPT_COUNT a number.
 */
int hi_option_apply(struct hi_config *cfg, const struct hi_option *opt, const char *value,
                    const char *where, struct hi_error *err);

/* Forget what earlier sources put into a list option (a later source replaces the list). */
void hi_option_clear(struct hi_config *cfg, const struct hi_option *opt);

/* Read a JSON config file and apply each key through hi_option_apply(). */
int hi_config_file_apply(const char *path, struct hi_config *cfg, struct hi_error *err);

/* The same for text already read (NUL-terminated); path only names it in errors. */
int hi_config_text_apply(const char *text, const char *path, struct hi_config *cfg,
                         struct hi_error *err);

/* The dialects. */
enum hi_cli_action hi_cli_parse_hardinit(int argc, char **argv, char **envp, struct hi_config *cfg,
                                         struct hi_error *err);
enum hi_cli_action hi_cli_parse_dumb_init(int argc, char **argv, char **envp, struct hi_config *cfg,
                                          struct hi_error *err);
enum hi_cli_action hi_cli_parse_tini(int argc, char **argv, char **envp, struct hi_config *cfg,
                                     struct hi_error *err);

void hi_cli_help_hardinit(FILE *out);
void hi_cli_help_dumb_init(FILE *out);
void hi_cli_help_tini(FILE *out);

/* Signal rewrites: resolve the defaults left at -1 once every source is applied. */
void hi_config_finish_rewrites(struct hi_config *cfg);

#endif
