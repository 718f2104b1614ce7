/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/cli: argv vectors in, struct hi_config or a usage error out, for
 * hardinit's own dialect, the environment, the config file and the two personalities.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hardinit/cli.h"
#include "options.h"
#include "unit.h"

#define MAXARGS 32

struct parsed {
    enum hi_cli_action action;
    struct hi_config cfg;
    struct hi_error err;
    char *argv[MAXARGS + 1];
};

/* Parse a NULL-terminated list of words with the given environment (may be NULL). */
static void parse(struct parsed *p, char **envp, const char *const *words)
{
    int argc = 0;
    memset(p, 0, sizeof(*p));
    while (words[argc] && argc < MAXARGS) {
        p->argv[argc] = (char *)words[argc];
        argc++;
    }
    p->argv[argc] = NULL;
    p->action = hi_cli_parse(argc, p->argv, envp, &p->cfg, &p->err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Rejected command lines: each must be a usage error naming the right step. */
static const struct {
    const char *const *argv;
    const char *step;
    const char *needle; /* in the message */
} rejected[] = {
    {ARGS("hardinit"), "usage", "no command"},
    {ARGS("hardinit", "--"), "usage", "no command"},
    {ARGS("hardinit", "--bogus", "true"), "usage", "--bogus"},
    {ARGS("hardinit", "-x", "true"), "usage", "-x"},
    {ARGS("hardinit", "--grace"), "usage", "needs an argument"},
    {ARGS("hardinit", "--grace", "ten", "true"), "--grace", "ten"},
    {ARGS("hardinit", "--grace", "-1s", "true"), "--grace", "-1s"},
    {ARGS("hardinit", "--grace", "25h", "true"), "--grace", "25h"},
    {ARGS("hardinit", "--grace=", "true"), "--grace", "duration"},
    {ARGS("hardinit", "-r", "15", "true"), "--rewrite", "FROM:TO"},
    {ARGS("hardinit", "-r", "15:", "true"), "--rewrite", "unknown signal"},
    {ARGS("hardinit", "-r", "NOPE:1", "true"), "--rewrite", "NOPE"},
    {ARGS("hardinit", "-r", "TERM:99", "true"), "--rewrite", "99"},
    {ARGS("hardinit", "-r", "KILL:TERM", "true"), "--rewrite", "cannot be rewritten"},
    {ARGS("hardinit", "-r", "CHLD:TERM", "true"), "--rewrite", "cannot be rewritten"},
    {ARGS("hardinit", "-e", "256", "true"), "--remap-exit", "256"},
    {ARGS("hardinit", "-e", "x", "true"), "--remap-exit", "0-255"},
    {ARGS("hardinit", "--pdeathsig", "SIGNOPE", "true"), "--pdeathsig", "SIGNOPE"},
    {ARGS("hardinit", "--log-format", "xml", "true"), "--log-format", "xml"},
    {ARGS("hardinit", "--config", "/nonexistent/hardinit.json", "true"), "config", "No such file"},
    {ARGS("dumb-init"), "usage", "no command"},
    {ARGS("dumb-init", "-r", "32:1", "true"), "-r", "between 1 and 31"},
    {ARGS("dumb-init", "-r", "0:1", "true"), "-r", "<signum>"},
    {ARGS("dumb-init", "-r", "TERM:1", "true"), "-r", "<signum>"},
    {ARGS("dumb-init", "--nope", "true"), "getopt", "invalid option"},
    {ARGS("tini"), "usage", "no program"},
    {ARGS("tini", "-e", "300", "true"), "-e", "300"},
    {ARGS("tini", "-p", "SIGNOPE", "true"), "-p", "SIGNOPE"},
    {ARGS("tini", "-z", "true"), "getopt", "invalid option"},
    {ARGS("/usr/local/bin/tini", "-e"), "getopt", "invalid option"},
};

START_TEST(test_rejected)
{
    struct parsed p;
    parse(&p, NULL, rejected[_i].argv);
    ck_assert_int_eq(p.action, HI_CLI_USAGE);
    ck_assert_str_eq(p.err.step, rejected[_i].step);
    ck_assert_msg(strstr(p.err.msg, rejected[_i].needle), "'%s' lacks '%s'", p.err.msg,
                  rejected[_i].needle);
    int want = p.cfg.personality == HI_PERSONALITY_HARDINIT ? 125 : 1;
    ck_assert_int_eq(p.cfg.usage_status, want);
}
END_TEST

START_TEST(test_defaults)
{
    struct parsed p;
    parse(&p, NULL, ARGS("hardinit", "sleep", "1"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_str_eq(p.cfg.argv[0], "sleep");
    ck_assert_str_eq(p.cfg.argv[1], "1");
    ck_assert_ptr_null(p.cfg.argv[2]);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_SETSID);
    ck_assert(p.cfg.signal_group);
    ck_assert_uint_eq(p.cfg.grace_ms, 10000);
    ck_assert_int_eq(p.cfg.subreaper, HI_AUTO);
    ck_assert_int_eq(p.cfg.rewrite[SIGTERM], SIGTERM);
    ck_assert_int_eq(p.cfg.rewrite[SIGTSTP], SIGSTOP);
    ck_assert_int_eq(p.cfg.child_signals, HI_CHILD_SIGNALS_INHERITED);
    ck_assert_int_eq(p.cfg.on_child_exit, HI_EXIT_GRACEFUL);
    ck_assert_int_eq(p.cfg.exec_enoent_status, 127);
    ck_assert_int_eq(p.cfg.exec_other_status, 126);
}
END_TEST

START_TEST(test_options)
{
    struct parsed p;
    parse(&p, NULL,
          ARGS("hardinit", "-c", "--grace", "500ms", "-r", "TERM:QUIT", "--rewrite=HUP:0", "-e",
               "3", "--remap-exit", "143", "--pdeathsig", "KILL", "--no-subreaper", "-v",
               "--log-format", "json", "--", "app", "-c", "--grace"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_NONE);
    ck_assert(!p.cfg.signal_group);
    ck_assert_uint_eq(p.cfg.grace_ms, 500);
    ck_assert_int_eq(p.cfg.rewrite[SIGTERM], SIGQUIT);
    ck_assert_int_eq(p.cfg.rewrite[SIGHUP], 0);
    ck_assert_int_eq(p.cfg.rewrite[SIGTSTP], SIGTSTP); /* no session: no SIGSTOP default */
    ck_assert(p.cfg.remap_exit[3] && p.cfg.remap_exit[143] && !p.cfg.remap_exit[0]);
    ck_assert_int_eq(p.cfg.pdeathsig, SIGKILL);
    ck_assert_int_eq(p.cfg.subreaper, HI_OFF);
    ck_assert_int_eq(p.cfg.verbosity, HI_LOG_DEBUG);
    ck_assert_int_eq(p.cfg.log_format, HI_LOG_JSON);
    /* The command's own options are its own. */
    ck_assert_str_eq(p.cfg.argv[0], "app");
    ck_assert_str_eq(p.cfg.argv[1], "-c");
    ck_assert_str_eq(p.cfg.argv[2], "--grace");
}
END_TEST

START_TEST(test_stops_at_command)
{
    struct parsed p;
    parse(&p, NULL, ARGS("hardinit", "ls", "-l", "--grace", "x"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_str_eq(p.cfg.argv[1], "-l");
    ck_assert_uint_eq(p.cfg.grace_ms, 10000);
}
END_TEST

START_TEST(test_flag_clusters)
{
    /* More options than words: "-ccc...c" once overflowed the list of parsed options. */
    char flags[202];
    flags[0] = '-';
    memset(flags + 1, 'c', 200);
    flags[201] = '\0';
    struct parsed p;
    parse(&p, NULL, ARGS("hardinit", flags, "-vvvvvvvvvvvvvvvvvvvvvvvv", "true"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_NONE);
    ck_assert_str_eq(p.cfg.argv[0], "true");
}
END_TEST

START_TEST(test_help_version)
{
    struct parsed p;
    parse(&p, NULL, ARGS("hardinit", "--help"));
    ck_assert_int_eq(p.action, HI_CLI_HELP);
    parse(&p, NULL, ARGS("hardinit", "-V"));
    ck_assert_int_eq(p.action, HI_CLI_VERSION);
    parse(&p, NULL, ARGS("dumb-init", "-V"));
    ck_assert_int_eq(p.action, HI_CLI_VERSION);
    parse(&p, NULL, ARGS("tini", "--version"));
    ck_assert_int_eq(p.action, HI_CLI_VERSION);
    parse(&p, NULL, ARGS("tini", "-l"));
    ck_assert_int_eq(p.action, HI_CLI_LICENSE);
    parse(&p, NULL, ARGS("tini", "-h"));
    ck_assert_int_eq(p.action, HI_CLI_HELP);
}
END_TEST

START_TEST(test_environment)
{
    char *env[] = {"HARDINIT_GRACE=2m",
                   "HARDINIT_SINGLE_CHILD=yes",
                   "HARDINIT_REWRITE=TERM:INT,USR1:0",
                   "HARDINIT_REMAP_EXIT=1,2",
                   "HARDINIT_SUBREAPER=false",
                   "HARDINIT_VERBOSE=",
                   NULL};
    struct parsed p;
    parse(&p, env, ARGS("hardinit", "true"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_uint_eq(p.cfg.grace_ms, 120000);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_NONE);
    ck_assert_int_eq(p.cfg.rewrite[SIGTERM], SIGINT);
    ck_assert_int_eq(p.cfg.rewrite[SIGUSR1], 0);
    ck_assert(p.cfg.remap_exit[1] && p.cfg.remap_exit[2]);
    ck_assert_int_eq(p.cfg.subreaper, HI_OFF);
    ck_assert_int_eq(p.cfg.verbosity, HI_LOG_WARN); /* empty = unset */

    /* The command line wins, and its list replaces the environment's. */
    parse(&p, env, ARGS("hardinit", "-g", "1s", "-r", "HUP:TERM", "true"));
    ck_assert_uint_eq(p.cfg.grace_ms, 1000);
    ck_assert_int_eq(p.cfg.rewrite[SIGHUP], SIGTERM);
    ck_assert_int_eq(p.cfg.rewrite[SIGTERM], SIGTERM);
    ck_assert_int_eq(p.cfg.rewrite[SIGUSR1], SIGUSR1);
}
END_TEST

START_TEST(test_environment_rejected)
{
    static const char *const bad[][2] = {
        {"HARDINIT_GRACE=soon", "HARDINIT_GRACE"},
        {"HARDINIT_SINGLE_CHILD=maybe", "HARDINIT_SINGLE_CHILD"},
        {"HARDINIT_REWRITE=TERM:INT,,", "HARDINIT_REWRITE"},
        {"HARDINIT_REWRITE=TERM", "HARDINIT_REWRITE"},
        {"HARDINIT_PDEATHSIG=99", "HARDINIT_PDEATHSIG"},
        {"HARDINIT_CONFIG=/nonexistent.json", "config"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *env[] = {(char *)bad[i][0], NULL};
        struct parsed p;
        parse(&p, env, ARGS("hardinit", "true"));
        ck_assert_msg(p.action == HI_CLI_USAGE, "%s accepted", bad[i][0]);
        ck_assert_str_eq(p.err.step, bad[i][1]);
    }
}
END_TEST

static char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/hardinit-test-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(test_config_file)
{
    char *path = write_temp("{\n  \"grace\": \"3s\",\n  \"rewrite\": [\"TERM:QUIT\"],\n"
                            "  \"single-child\": true,\n  \"remap-exit\": [5, \"6\"]\n}\n");
    char env_config[128], *env[] = {env_config, "HARDINIT_GRACE=4s", NULL};
    snprintf(env_config, sizeof(env_config), "HARDINIT_CONFIG=%s", path);
    struct parsed p;

    parse(&p, NULL, ARGS("hardinit", "--config", path, "true"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_uint_eq(p.cfg.grace_ms, 3000);
    ck_assert_int_eq(p.cfg.rewrite[SIGTERM], SIGQUIT);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_NONE);
    ck_assert(p.cfg.remap_exit[5] && p.cfg.remap_exit[6]);

    /* config < environment < command line */
    parse(&p, env, ARGS("hardinit", "true"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_uint_eq(p.cfg.grace_ms, 4000);
    ck_assert_int_eq(p.cfg.rewrite[SIGTERM], SIGQUIT);
    parse(&p, env, ARGS("hardinit", "--grace", "5s", "true"));
    ck_assert_uint_eq(p.cfg.grace_ms, 5000);
    unlink(path);
}
END_TEST

START_TEST(test_harden_options)
{
    char *path = write_temp("{\"harden\": true, \"cap-add\": [\"NET_BIND_SERVICE\"],\n"
                            " \"tmpfs\": [\"/run:size=1m\"], \"user\": \"nobody\",\n"
                            " \"rlimit\": [\"nofile=10:20\"], \"read-only\": false}");
    struct parsed p;
    parse(&p, NULL, ARGS("hardinit", "--config", path, "--cap-add", "kill", "true"));
    unlink(path);
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    const struct hi_harden_opts *h = &p.cfg.harden;
    ck_assert(h->harden && h->cap_drop_all);
    ck_assert_uint_eq(h->cap_add, 1ULL << 5); /* the command line's list replaced the file's */
    ck_assert_int_eq(h->no_new_privs, HI_YES);
    ck_assert_int_eq(h->read_only, HI_NO);
    ck_assert_str_eq(h->user, "nobody");
    ck_assert_uint_eq(h->n_rlimits, 1);
    ck_assert_uint_eq(h->n_tmpfs, 2); /* /run, then --harden's /tmp */
    ck_assert_str_eq(h->tmpfs[0].path, "/run");
    ck_assert_str_eq(h->tmpfs[1].path, "/tmp");

    char *env[] = {"HARDINIT_TMPFS=/a:size=1m,exec  /b", "HARDINIT_RLIMIT=core=0 nofile=5",
                   "HARDINIT_CAP_DROP=ALL", "HARDINIT_NO_NEW_PRIVS=1", NULL};
    parse(&p, env, ARGS("hardinit", "true"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_uint_eq(p.cfg.harden.n_tmpfs, 2);
    ck_assert_uint_eq(p.cfg.harden.tmpfs[0].size, 1 << 20);
    ck_assert_uint_eq(p.cfg.harden.n_rlimits, 2);
    ck_assert(p.cfg.harden.cap_drop_all);
    ck_assert_int_eq(p.cfg.harden.no_new_privs, HI_YES);
    ck_assert_int_eq(p.cfg.harden.read_only, HI_NO);

    /* The peers never harden. */
    parse(&p, NULL, ARGS("tini", "true"));
    ck_assert_int_eq(p.cfg.harden.no_new_privs, HI_NO);
    ck_assert(!p.cfg.harden_self);
}
END_TEST

static const struct {
    const char *text;
    const char *where; /* "config: PATH:" is prefixed */
    const char *needle;
} bad_configs[] = {
    {"{\n  \"grace\": \"3s\",\n  \"bogus\": 1\n}\n", "3:3", "unknown key 'bogus'"},
    {"{\"grace\": 3.5}", "1:2", "expected a string"},
    {"{\"single-child\": \"yes\"}", "1:2", "true or false"},
    {"{\"rewrite\": \"TERM:QUIT\"}", "1:2", "array"},
    {"{\"rewrite\": [\"TERM\"]}", "1:2", "FROM:TO"},
    {"{\"rewrite\": [{}]}", "1:2", "item 0"},
    {"{\"grace\": \"1s\", \"grace\": \"2s\"}", "1:", "duplicate"},
    {"{\"grace\": ", "1:", ""},
    {"[1, 2]", "1:1", "JSON object"},
    {"{\"config\": \"/etc/x\"}", "1:2", "unknown key 'config'"},
    {"{\"help\": true}", "1:2", "unknown key 'help'"},
    {"", "", ""},
};

START_TEST(test_health_options)
{
    struct parsed p;
    parse(&p, NULL,
          ARGS("hardinit", "--wait-tcp", "db:5432", "--wait-http", "http://[::1]:8080/ready",
               "--wait-timeout", "2m", "--health-url", "unix:///run/app.sock:/healthz",
               "--health-retries", "5", "--on-unhealthy", "signal:HUP", "--seccomp-report=json",
               "true"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    const struct hi_health_opts *h = &p.cfg.health;
    ck_assert_uint_eq(h->n_wait, 2);
    ck_assert_str_eq(h->wait[0], "tcp://db:5432");
    ck_assert_str_eq(h->wait[1], "http://[::1]:8080/ready");
    ck_assert_uint_eq(h->wait_timeout_ms, 120000);
    ck_assert_uint_eq(h->wait_interval_ms, 1000); /* the default */
    ck_assert_str_eq(h->url, "unix:///run/app.sock:/healthz");
    ck_assert_uint_eq(h->retries, 5);
    ck_assert_uint_eq(h->interval_ms, 30000); /* docker's */
    ck_assert_int_eq(h->on_unhealthy, HI_UNHEALTHY_SIGNAL);
    ck_assert_int_eq(h->unhealthy_signal, SIGHUP);
    ck_assert_int_eq(p.cfg.harden.seccomp_report, 2); /* 1 + json */

    /* A list from the command line replaces the environment's, per option. */
    char *env[] = {"HARDINIT_WAIT_TCP=a:1,b:2", "HARDINIT_WAIT_HTTP=http://c/", NULL};
    parse(&p, env, ARGS("hardinit", "--wait-tcp", "d:4", "true"));
    ck_assert_uint_eq(p.cfg.health.n_wait, 2);
    ck_assert_str_eq(p.cfg.health.wait[0], "http://c/");
    ck_assert_str_eq(p.cfg.health.wait[1], "tcp://d:4");

    parse(&p, NULL, ARGS("hardinit", "--seccomp-report", "true"));
    ck_assert_int_eq(p.cfg.harden.seccomp_report, 1); /* no value: text */
    ck_assert_str_eq(p.cfg.argv[0], "true");
}
END_TEST

START_TEST(test_config_rejected)
{
    char *path = write_temp(bad_configs[_i].text);
    struct parsed p;
    parse(&p, NULL, ARGS("hardinit", "--config", path, "true"));
    ck_assert_int_eq(p.action, HI_CLI_USAGE);
    char want[128];
    snprintf(want, sizeof(want), "config: %s:%s", path, bad_configs[_i].where);
    ck_assert_msg(strncmp(p.err.step, want, strlen(want)) == 0, "step '%s', want '%s'", p.err.step,
                  want);
    ck_assert_msg(strstr(p.err.msg, bad_configs[_i].needle), "'%s' lacks '%s'", p.err.msg,
                  bad_configs[_i].needle);
    unlink(path);
}
END_TEST

START_TEST(test_dumb_init)
{
    struct parsed p;
    parse(&p, NULL, ARGS("/usr/bin/dumb-init", "-r", "15:3", "-r", "1:0", "cmd", "-c"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_int_eq(p.cfg.personality, HI_PERSONALITY_DUMB_INIT);
    ck_assert_int_eq(p.cfg.rewrite[15], 3);
    ck_assert_int_eq(p.cfg.rewrite[1], 0);
    ck_assert_int_eq(p.cfg.rewrite[SIGTSTP], SIGSTOP);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_SETSID);
    ck_assert_str_eq(p.cfg.argv[1], "-c"); /* stops at the first non-option */
    ck_assert_int_eq(p.cfg.child_signals, HI_CHILD_SIGNALS_DEFAULT);
    ck_assert_int_eq(p.cfg.exec_enoent_status, 2);
    ck_assert_int_eq(p.cfg.on_child_exit, HI_EXIT_TERM_NOW);

    char *env[] = {"DUMB_INIT_SETSID=0", "DUMB_INIT_DEBUG=1", NULL};
    parse(&p, env, ARGS("dumb-init", "cmd"));
    ck_assert_int_eq(p.cfg.session, HI_SESSION_NONE);
    ck_assert(!p.cfg.signal_group);
    ck_assert_int_eq(p.cfg.rewrite[SIGTSTP], SIGTSTP);
    ck_assert_int_eq(p.cfg.verbosity, HI_LOG_DEBUG);

    char *env2[] = {"DUMB_INIT_SETSID=1", NULL};
    parse(&p, env2, ARGS("dumb-init", "cmd"));
    ck_assert_int_eq(p.cfg.session, HI_SESSION_SETSID);
}
END_TEST

START_TEST(test_tini)
{
    struct parsed p;
    parse(&p, NULL, ARGS("tini", "-s", "-g", "-w", "-vv", "-e", "3", "-p", "SIGKILL", "cmd"));
    ck_assert_int_eq(p.action, HI_CLI_RUN);
    ck_assert_int_eq(p.cfg.personality, HI_PERSONALITY_TINI);
    ck_assert_int_eq(p.cfg.subreaper, HI_ON);
    ck_assert(p.cfg.signal_group && p.cfg.warn_on_reap && p.cfg.remap_exit[3]);
    ck_assert_int_eq(p.cfg.pdeathsig, SIGKILL);
    ck_assert_int_eq(p.cfg.verbosity, HI_LOG_DEBUG);
    ck_assert_int_eq(p.cfg.session, HI_SESSION_PGRP);
    ck_assert_int_eq(p.cfg.exec_other_status, 1);

    /* tini permutes: an option after the program is tini's, unless POSIXLY_CORRECT. */
    parse(&p, NULL, ARGS("tini", "cmd", "-s"));
    ck_assert_int_eq(p.cfg.subreaper, HI_ON);
    ck_assert_ptr_null(p.cfg.argv[1]);
    char *posix[] = {"POSIXLY_CORRECT=1", NULL};
    parse(&p, posix, ARGS("tini", "cmd", "-s"));
    ck_assert_int_eq(p.cfg.subreaper, HI_OFF);
    ck_assert_str_eq(p.cfg.argv[1], "-s");

    char *env[] = {"TINI_SUBREAPER=", "TINI_KILL_PROCESS_GROUP=1", "TINI_VERBOSITY=0", NULL};
    parse(&p, env, ARGS("tini", "-vvv", "cmd"));
    ck_assert_int_eq(p.cfg.subreaper, HI_ON);
    ck_assert(p.cfg.signal_group);
    ck_assert_int_eq(p.cfg.verbosity, HI_LOG_ERROR);
}
END_TEST

START_TEST(test_personality)
{
    ck_assert_int_eq(hi_cli_personality("/sbin/tini"), HI_PERSONALITY_TINI);
    ck_assert_int_eq(hi_cli_personality("tini-static"), HI_PERSONALITY_TINI);
    ck_assert_int_eq(hi_cli_personality("dumb-init"), HI_PERSONALITY_DUMB_INIT);
    ck_assert_int_eq(hi_cli_personality("/x/hardinit"), HI_PERSONALITY_HARDINIT);
    ck_assert_int_eq(hi_cli_personality("tiny"), HI_PERSONALITY_HARDINIT);
    ck_assert_int_eq(hi_cli_personality(NULL), HI_PERSONALITY_HARDINIT);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_loop_test(tc, test_rejected, 0, N(rejected));
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_options);
    tcase_add_test(tc, test_stops_at_command);
    tcase_add_test(tc, test_flag_clusters);
    tcase_add_test(tc, test_help_version);
    tcase_add_test(tc, test_environment);
    tcase_add_test(tc, test_environment_rejected);
    tcase_add_test(tc, test_config_file);
    tcase_add_loop_test(tc, test_config_rejected, 0, N(bad_configs));
    tcase_add_test(tc, test_harden_options);
    tcase_add_test(tc, test_health_options);
    tcase_add_test(tc, test_dumb_init);
    tcase_add_test(tc, test_tini);
    tcase_add_test(tc, test_personality);
    suite_add_tcase(s, tc);
    return hi_run_suite(s);
}
