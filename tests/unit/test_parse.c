/* SPDX-License-Identifier: MIT */
/* Unit tests for src/util/parse.c: numbers, durations, signals, booleans. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#include "hardinit/parse.h"
#include "unit.h"

static const struct {
    const char *in;
    uint64_t min, max;
    int r;
    uint64_t out;
} uint_cases[] = {
    {"0", 0, 10, 0, 0},
    {"10", 0, 10, 0, 10},
    {"11", 0, 10, -ERANGE, 0},
    {"18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX},
    {"18446744073709551616", 0, UINT64_MAX, -ERANGE, 0},
    {"", 0, 10, -EINVAL, 0},
    {"-1", 0, 10, -EINVAL, 0},
    {"+1", 0, 10, -EINVAL, 0},
    {" 1", 0, 10, -EINVAL, 0},
    {"1 ", 0, 10, -EINVAL, 0},
    {"1x", 0, 10, -EINVAL, 0},
    {"0x10", 0, 100, -EINVAL, 0},
    {"5", 6, 10, -ERANGE, 0},
};

START_TEST(test_uint)
{
    uint64_t out = 4242;
    int r = hi_parse_uint(uint_cases[_i].in, uint_cases[_i].min, uint_cases[_i].max, &out);
    ck_assert_msg(r == uint_cases[_i].r, "'%s': got %d, want %d", uint_cases[_i].in, r,
                  uint_cases[_i].r);
    if (r == 0)
        ck_assert_uint_eq(out, uint_cases[_i].out);
    else
        ck_assert_uint_eq(out, 4242); /* untouched on failure */
}
END_TEST

static const struct {
    const char *in;
    int r;
    uint64_t ms;
} duration_cases[] = {
    {"500ms", 0, 500},
    {"10s", 0, 10000},
    {"2m", 0, 120000},
    {"1h", 0, 3600000},
    {"24h", 0, 86400000},
    {"25h", -ERANGE, 0},
    {"7", 0, 7000},
    {"0", 0, 0},
    {"0ms", 0, 0},
    {"", -EINVAL, 0},
    {"s", -EINVAL, 0},
    {"10x", -EINVAL, 0},
    {"10 s", -EINVAL, 0},
    {"-1s", -EINVAL, 0},
    {"1.5s", -EINVAL, 0},
    {"10S", -EINVAL, 0},
    {"99999999999999999999ms", -ERANGE, 0},
};

START_TEST(test_duration)
{
    uint64_t ms = 4242;
    int r = hi_parse_duration(duration_cases[_i].in, 24ULL * 3600 * 1000, &ms);
    ck_assert_msg(r == duration_cases[_i].r, "'%s': got %d", duration_cases[_i].in, r);
    ck_assert_uint_eq(ms, r == 0 ? duration_cases[_i].ms : 4242);
}
END_TEST

static const struct {
    const char *in;
    int sig; /* 0: rejected */
} signal_cases[] = {
    {"TERM", SIGTERM},
    {"SIGTERM", SIGTERM},
    {"sigterm", SIGTERM},
    {"term", SIGTERM},
    {"15", SIGTERM},
    {"9", SIGKILL},
    {"HUP", SIGHUP},
    {"USR1", SIGUSR1},
    {"SIGUSR2", SIGUSR2},
    {"CHLD", SIGCHLD},
    {"CLD", SIGCHLD},
    {"WINCH", SIGWINCH},
    {"1", 1},
    {"64", 64},
    {"0", 0},
    {"65", 0},
    {"", 0},
    {"SIG", 0},
    {"TERMX", 0},
    {"SIGSIGTERM", 0},
    {"-15", 0},
    {"15x", 0},
    {" 15", 0},
    {"RTMIN+100", 0},
    {"RTMAX+1", 0},
    {"RTMIN-1", 0},
};

START_TEST(test_signal)
{
    int sig = -7;
    int r = hi_parse_signal(signal_cases[_i].in, &sig);
    if (signal_cases[_i].sig == 0) {
        ck_assert_msg(r < 0, "'%s' accepted as %d", signal_cases[_i].in, sig);
        ck_assert_int_eq(sig, -7);
    } else {
        ck_assert_msg(r == 0, "'%s' rejected: %d", signal_cases[_i].in, r);
        ck_assert_int_eq(sig, signal_cases[_i].sig);
    }
}
END_TEST

START_TEST(test_signal_realtime)
{
    int sig;
    ck_assert_int_eq(hi_parse_signal("RTMIN", &sig), 0);
    ck_assert_int_eq(sig, SIGRTMIN);
    ck_assert_int_eq(hi_parse_signal("SIGRTMIN+2", &sig), 0);
    ck_assert_int_eq(sig, SIGRTMIN + 2);
    ck_assert_int_eq(hi_parse_signal("rtmax-1", &sig), 0);
    ck_assert_int_eq(sig, SIGRTMAX - 1);
    ck_assert_int_eq(hi_parse_signal("RTMAX", &sig), 0);
    ck_assert_int_eq(sig, SIGRTMAX);
}
END_TEST

START_TEST(test_signal_names_round_trip)
{
    /* Every signal 1..64 has a name that parses back to it. */
    for (int s = 1; s <= 64; s++) {
        char buf[16];
        const char *name = hi_signal_name(s, buf);
        ck_assert_ptr_nonnull(name);
        int back;
        ck_assert_msg(hi_parse_signal(name, &back) == 0 && back == s, "%d -> %s -> %d", s, name,
                      back);
    }
    char buf[16];
    ck_assert_ptr_null(hi_signal_name(0, buf));
    ck_assert_ptr_null(hi_signal_name(65, buf));
}
END_TEST

START_TEST(test_bool)
{
    static const char *const yes[] = {"1", "true", "TRUE", "yes", "On"};
    static const char *const no[] = {"0", "false", "No", "off"};
    static const char *const bad[] = {"", "2", "tru", "y", " yes"};
    bool b;
    for (size_t i = 0; i < 5; i++) {
        b = false;
        ck_assert_int_eq(hi_parse_bool(yes[i], &b), 0);
        ck_assert(b);
    }
    for (size_t i = 0; i < 4; i++) {
        b = true;
        ck_assert_int_eq(hi_parse_bool(no[i], &b), 0);
        ck_assert(!b);
    }
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(hi_parse_bool(bad[i], &b), -EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_uint, 0, N(uint_cases));
    tcase_add_loop_test(tc, test_duration, 0, N(duration_cases));
    tcase_add_loop_test(tc, test_signal, 0, N(signal_cases));
    tcase_add_test(tc, test_signal_realtime);
    tcase_add_test(tc, test_signal_names_round_trip);
    tcase_add_test(tc, test_bool);
    suite_add_tcase(s, tc);
    return hi_run_suite(s);
}
