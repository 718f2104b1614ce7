/* SPDX-License-Identifier: MIT */
/*
 * main.c - the boundary: parse, print what parsing says, run. The only place that exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hardinit/cli.h"
#include "hardinit/harden.h"
#include "hardinit/init.h"
#include "hardinit/log.h"
#include "hardinit/probe.h"
#include "hardinit/seccomp.h"

int main(int argc, char **argv)
{
    /* Subcommands of hardinit's own name (never of the dumb-init and tini personalities). */
    if (argc > 1 && hi_cli_personality(argv[0]) == HI_PERSONALITY_HARDINIT) {
        if (strcmp(argv[1], "inspect") == 0)
            return hi_inspect_main(argc - 1, argv + 1);
        if (strcmp(argv[1], "profile") == 0)
            return hi_profile_main(argc - 1, argv + 1);
        if (strcmp(argv[1], "probe") == 0)
            return hi_probe_main(argc - 1, argv + 1);
    }

    struct hi_config cfg;
    struct hi_error err = {0};
    enum hi_cli_action action = hi_cli_parse(argc, argv, environ, &cfg, &err);
    hi_log_setup(cfg.prog, cfg.personality != HI_PERSONALITY_HARDINIT, cfg.verbosity,
                 cfg.log_format);

    /* dumb-init prints its help and version on stderr; hardinit and tini on stdout. */
    FILE *info = cfg.personality == HI_PERSONALITY_DUMB_INIT ? stderr : stdout;
    switch (action) {
    case HI_CLI_HELP:
        hi_cli_help(&cfg, info);
        return 0;
    case HI_CLI_VERSION:
        hi_cli_version(&cfg, info);
        return 0;
    case HI_CLI_LICENSE:
        hi_cli_license(stdout);
        return 0;
    case HI_CLI_USAGE:
        /* Under a personality, getopt has already said what was wrong with an option. */
        if (strcmp(err.step, "getopt") != 0)
            hi_error_log("%s: %s", err.step, err.msg);
        if (cfg.personality == HI_PERSONALITY_TINI) /* tini follows an error with its usage */
            hi_cli_help(&cfg, stderr);
        return cfg.usage_status;
    case HI_CLI_RUN:
        break;
    }
    return hi_init_run(&cfg);
}
