/* SPDX-License-Identifier: MIT */
/*
 * tini.c - the tini dialect: -h -s -p SIG -v -w -g -e CODE -l, --version alone,
 * TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY. getopt permutes unless
 * POSIXLY_CORRECT is set; usage errors exit 1.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "hardinit/parse.h"
#include "options.h"

/* tini's verbosity 0..3+ onto our levels: 1 (its default) shows warnings. */
static int level_of(uint64_t v)
{
    return v >= HI_LOG_DEBUG ? HI_LOG_DEBUG : (int)v;
}

enum hi_cli_action hi_cli_parse_tini(int argc, char **argv, char **envp, struct hi_config *cfg,
                                     struct hi_error *err)
{
    if (argc == 2 && strcmp(argv[1], "--version") == 0)
        return HI_CLI_VERSION;

    const char *optstring = hi_env_get(envp, "POSIXLY_CORRECT") ? "+hsp:vwge:l" : "hsp:vwge:l";
    unsigned verbose = 0;
    optind = 0;
    opterr = 1; /* the peers let getopt report bad options itself */
    int c;
    uint64_t n;
    while ((c = getopt(argc, argv, optstring)) != -1) {
        switch (c) {
        case 'h':
            return HI_CLI_HELP;
        case 'l':
            return HI_CLI_LICENSE;
        case 's':
            cfg->subreaper = HI_ON;
            break;
        case 'p':
            if (hi_parse_signal(optarg, &cfg->pdeathsig) < 0) {
                hi_error_set(err, EINVAL, "-p", "'%s': not a signal", optarg);
                return HI_CLI_USAGE;
            }
            break;
        case 'v':
            verbose++;
            break;
        case 'w':
            cfg->warn_on_reap = true;
            break;
        case 'g':
            cfg->signal_group = true;
            break;
        case 'e':
            if (hi_parse_uint(optarg, 0, 255, &n) < 0) {
                hi_error_set(err, EINVAL, "-e", "'%s': expected an exit status 0-255", optarg);
                return HI_CLI_USAGE;
            }
            cfg->remap_exit[n] = true;
            break;
        default: /* getopt has printed its own message, as in the original */
            hi_error_set(err, EINVAL, "getopt", "invalid option");
            return HI_CLI_USAGE;
        }
    }
    if (optind >= argc) {
        hi_error_set(err, EINVAL, "usage", "no program given (%s [OPTIONS] PROGRAM -- [ARGS])",
                     argv[0]);
        return HI_CLI_USAGE;
    }
    cfg->argv = argv + optind;

    if (hi_env_get(envp, "TINI_SUBREAPER"))
        cfg->subreaper = HI_ON;
    if (hi_env_get(envp, "TINI_KILL_PROCESS_GROUP"))
        cfg->signal_group = true;
    const char *v = hi_env_get(envp, "TINI_VERBOSITY");
    if (v) {
        if (hi_parse_uint(v, 0, 100, &n) < 0) {
            hi_error_set(err, EINVAL, "TINI_VERBOSITY", "'%s': expected a number", v);
            return HI_CLI_USAGE;
        }
        cfg->verbosity = level_of(n);
    } else {
        cfg->verbosity = level_of(HI_LOG_WARN + verbose);
    }
    hi_config_finish_rewrites(cfg);
    return HI_CLI_RUN;
}

void hi_cli_help_tini(FILE *out)
{
    fprintf(out,
            "Usage: tini [OPTIONS] PROGRAM -- [ARGS] | --version\n"
            "hardinit, running as tini: starts PROGRAM as its child, forwards signals to it\n"
            "and reaps zombies, so that a container has a proper init.\n\n"
            "  -h         print this help and exit\n"
            "  -s         become a child subreaper (when not PID 1)\n"
            "  -p SIGNAL  get SIGNAL when the parent dies (e.g. SIGKILL)\n"
            "  -v         more verbose logging (repeatable; TINI_VERBOSITY=N sets it)\n"
            "  -w         warn whenever a zombie other than PROGRAM is reaped\n"
            "  -g         forward signals to PROGRAM's process group\n"
            "  -e CODE    treat exit status CODE of PROGRAM as 0 (repeatable)\n"
            "  -l         print license information and exit\n\n"
            "Environment: TINI_SUBREAPER (-s), TINI_KILL_PROCESS_GROUP (-g), TINI_VERBOSITY.\n");
}
