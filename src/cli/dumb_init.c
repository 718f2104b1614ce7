/* SPDX-License-Identifier: MIT */
/*
 * dumb_init.c - the dumb-init dialect: -h -c -r s:r -v -V, DUMB_INIT_SETSID=0,
 * DUMB_INIT_DEBUG=1. Parsing stops at the first non-option; rewrites take signal numbers
 * 1-31 (0 as the target drops the signal); usage errors exit 1.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "hardinit/parse.h"
#include "options.h"

#define DUMB_INIT_MAXSIG 31

static int parse_rewrite(struct hi_config *cfg, const char *arg, struct hi_error *err)
{
    const char *colon = strchr(arg, ':');
    char from_s[16];
    uint64_t from, to;
    if (colon && (size_t)(colon - arg) < sizeof(from_s)) {
        memcpy(from_s, arg, (size_t)(colon - arg));
        from_s[colon - arg] = '\0';
        if (hi_parse_uint(from_s, 1, DUMB_INIT_MAXSIG, &from) == 0 &&
            hi_parse_uint(colon + 1, 0, DUMB_INIT_MAXSIG, &to) == 0) {
            cfg->rewrite[from] = (int)to;
            return 0;
        }
    }
    return hi_error_set(err, EINVAL, "-r",
                        "'%s': expected <signum>:<signum>, each between 1 and %d (0 drops "
                        "the signal); -r may be given several times",
                        arg, DUMB_INIT_MAXSIG);
}

enum hi_cli_action hi_cli_parse_dumb_init(int argc, char **argv, char **envp, struct hi_config *cfg,
                                          struct hi_error *err)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},          {"single-child", no_argument, NULL, 'c'},
        {"rewrite", required_argument, NULL, 'r'}, {"verbose", no_argument, NULL, 'v'},
        {"version", no_argument, NULL, 'V'},       {NULL, 0, NULL, 0},
    };
    optind = 0;
    opterr = 1; /* the peers let getopt report bad options itself */
    int c;
    while ((c = getopt_long(argc, argv, "+hvVcr:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            return HI_CLI_HELP;
        case 'V':
            return HI_CLI_VERSION;
        case 'v':
            cfg->verbosity = HI_LOG_DEBUG;
            break;
        case 'c':
            cfg->session = HI_SESSION_NONE;
            cfg->signal_group = false;
            break;
        case 'r':
            if (parse_rewrite(cfg, optarg, err) < 0)
                return HI_CLI_USAGE;
            break;
        default: /* getopt has printed its own message, as in the original */
            hi_error_set(err, EINVAL, "getopt", "invalid option");
            return HI_CLI_USAGE;
        }
    }
    if (optind >= argc) {
        hi_error_set(err, EINVAL, "usage", "no command given (%s [option] program [args])",
                     argv[0]);
        return HI_CLI_USAGE;
    }
    cfg->argv = argv + optind;

    const char *debug = hi_env_get(envp, "DUMB_INIT_DEBUG");
    if (debug && strcmp(debug, "1") == 0)
        cfg->verbosity = HI_LOG_DEBUG;
    const char *setsid = hi_env_get(envp, "DUMB_INIT_SETSID");
    if (setsid && strcmp(setsid, "0") == 0) {
        cfg->session = HI_SESSION_NONE;
        cfg->signal_group = false;
    }
    hi_config_finish_rewrites(cfg);
    return HI_CLI_RUN;
}

void hi_cli_help_dumb_init(FILE *out)
{
    fprintf(out, "Usage: dumb-init [OPTION]... PROGRAM [ARG]...\n"
                 "hardinit, running as dumb-init: starts PROGRAM as its child, proxies signals\n"
                 "to it and reaps zombies.\n\n"
                 "  -c, --single-child   send signals to PROGRAM only, not its process group,\n"
                 "                       and do not give it a session of its own\n"
                 "  -r, --rewrite S:R    proxy signal number S as R (1-31; R=0 drops S)\n"
                 "  -v, --verbose        debug output on stderr\n"
                 "  -V, --version        print the version and exit\n"
                 "  -h, --help           print this help and exit\n\n"
                 "Environment: DUMB_INIT_SETSID=0 is -c; DUMB_INIT_DEBUG=1 is -v.\n");
}
