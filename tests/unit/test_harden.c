/* SPDX-License-Identifier: MIT */
/* Unit tests for src/harden's parsers: users and groups, tmpfs, rlimits, capabilities. */
#include <cap-ng.h>
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>

#include "hardinit/harden.h"
#include "unit.h"

static const char *const PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
                                  "# a comment\n"
                                  "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                                  "bad:x:notanumber:1::/:/bin/sh\n"
                                  "short:x:7\n"
                                  "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n"
                                  "nohome:x:1001:1001:::/bin/sh\n"
                                  "big:x:4294967295:1::/:/bin/sh\n";
static const char *const GROUP = "root:x:0:\n"
                                 "staff:x:50:bob,alice,carol\n"
                                 "video:x:44:alice\n"
                                 "alic:x:45:alic\n"
                                 "alice:x:1000:\n"
                                 "dup:x:50:alice\n";

static const struct {
    const char *spec;
    int r;
    unsigned uid, gid;
    const char *home;
    const char *groups; /* space-separated, in order */
} user_cases[] = {
    {"alice", 0, 1000, 1000, "/home/alice", "1000 50 44"},
    {"alice:video", 0, 1000, 44, "/home/alice", "44 50"},
    {"alice:7", 0, 1000, 7, "/home/alice", "7 50 44"},
    {"1000", 0, 1000, 1000, "/home/alice", "1000 50 44"},
    {"root", 0, 0, 0, "/root", "0"},
    {"4242", 0, 4242, 0, "/", "0"},
    {"4242:4243", 0, 4242, 4243, "/", "4243"},
    {"nohome", 0, 1001, 1001, "/", "1001"},
    {"nobody-here", -ENOENT, 0, 0, NULL, NULL},
    {"alice:nogroup", -ENOENT, 0, 0, NULL, NULL},
    {"bad", -ENOENT, 0, 0, NULL, NULL},
    {"big", -ENOENT, 0, 0, NULL, NULL},
    {"short", -ENOENT, 0, 0, NULL, NULL},
    {"", -EINVAL, 0, 0, NULL, NULL},
    {":0", -EINVAL, 0, 0, NULL, NULL},
    {"alice:", -EINVAL, 0, 0, NULL, NULL},
    {"4294967295", -ENOENT, 0, 0, NULL, NULL},
};

START_TEST(test_user)
{
    struct hi_user u;
    struct hi_error err = {0};
    int r = hi_user_resolve(user_cases[_i].spec, PASSWD, GROUP, &u, &err);
    ck_assert_msg(r == user_cases[_i].r, "'%s': %d (%s)", user_cases[_i].spec, r, err.msg);
    if (r < 0) {
        ck_assert_str_eq(err.step, "user");
        return;
    }
    ck_assert_uint_eq(u.uid, user_cases[_i].uid);
    ck_assert_uint_eq(u.gid, user_cases[_i].gid);
    ck_assert_str_eq(u.home, user_cases[_i].home);
    char groups[256] = "";
    for (size_t i = 0; i < u.n_groups; i++)
        snprintf(groups + strlen(groups), sizeof(groups) - strlen(groups), "%s%u", i ? " " : "",
                 (unsigned)u.groups[i]);
    ck_assert_str_eq(groups, user_cases[_i].groups);
}
END_TEST

START_TEST(test_user_missing_files)
{
    struct hi_user u;
    ck_assert_int_eq(hi_user_resolve("1234:5", NULL, NULL, &u, NULL), 0);
    ck_assert_uint_eq(u.uid, 1234);
    ck_assert_uint_eq(u.gid, 5);
    ck_assert_int_eq(hi_user_resolve("alice", NULL, NULL, &u, NULL), -ENOENT);
}
END_TEST

static const struct {
    const char *in;
    int ok;
    unsigned long flags;
    unsigned long long size;
    long mode, uid;
} tmpfs_cases[] = {
    {"/tmp", 1, MS_NOSUID | MS_NODEV | MS_NOEXEC, 64ULL << 20, -1, -1},
    {"/tmp:exec", 1, MS_NOSUID | MS_NODEV, 64ULL << 20, -1, -1},
    {"/run:rw,exec,suid,dev,size=100m", 1, 0, 100ULL << 20, -1, -1},
    {"/x:ro,size=4096,mode=1777,uid=1000", 1, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, 4096,
     01777, 1000},
    {"/x:size=2G", 1, MS_NOSUID | MS_NODEV | MS_NOEXEC, 2ULL << 30, -1, -1},
    {"/x:size=1k", 1, MS_NOSUID | MS_NODEV | MS_NOEXEC, 1024, -1, -1},
    {"tmp", 0, 0, 0, 0, 0},
    {"", 0, 0, 0, 0, 0},
    {":size=1m", 0, 0, 0, 0, 0},
    {"/x:", 1, MS_NOSUID | MS_NODEV | MS_NOEXEC, 64ULL << 20, -1, -1},
    {"/x:size=", 0, 0, 0, 0, 0},
    {"/x:size=M", 0, 0, 0, 0, 0}, /* once read before the buffer (found by fuzz-cli) */
    {"/x:size=1km", 0, 0, 0, 0, 0},
    {"/x:size=0", 0, 0, 0, 0, 0},
    {"/x:size=-1m", 0, 0, 0, 0, 0},
    {"/x:size=1t", 0, 0, 0, 0, 0},
    {"/x:size=99999999999999999999", 0, 0, 0, 0, 0},
    {"/x:mode=999", 0, 0, 0, 0, 0},
    {"/x:mode=77777", 0, 0, 0, 0, 0},
    {"/x:uid=-1", 0, 0, 0, 0, 0},
    {"/x:nr_inodes=5", 0, 0, 0, 0, 0},
    {"/x:rw,,ro", 0, 0, 0, 0, 0},
    {"/x:rw,", 0, 0, 0, 0, 0},
    {"/a/../b", 0, 0, 0, 0, 0},
    {"/a/..", 0, 0, 0, 0, 0},
};

START_TEST(test_tmpfs)
{
    struct hi_tmpfs_opt t;
    struct hi_error err = {0};
    int r = hi_tmpfs_parse(tmpfs_cases[_i].in, &t, "--tmpfs", &err);
    if (!tmpfs_cases[_i].ok) {
        ck_assert_msg(r < 0, "'%s' accepted", tmpfs_cases[_i].in);
        ck_assert_str_eq(err.step, "--tmpfs");
        return;
    }
    ck_assert_msg(r == 0, "'%s': %s", tmpfs_cases[_i].in, err.msg);
    ck_assert_uint_eq(t.flags, tmpfs_cases[_i].flags);
    ck_assert_uint_eq(t.size, tmpfs_cases[_i].size);
    ck_assert_int_eq(t.mode, tmpfs_cases[_i].mode);
    ck_assert_int_eq(t.uid, tmpfs_cases[_i].uid);
}
END_TEST

START_TEST(test_rlimit)
{
    struct hi_rlimit_opt r;
    ck_assert_int_eq(hi_rlimit_parse("nofile=1024:4096", &r, "x", NULL), 0);
    ck_assert_int_eq(r.resource, RLIMIT_NOFILE);
    ck_assert_uint_eq(r.soft, 1024);
    ck_assert_uint_eq(r.hard, 4096);
    ck_assert_int_eq(hi_rlimit_parse("CORE=0", &r, "x", NULL), 0);
    ck_assert_uint_eq(r.soft, 0);
    ck_assert_uint_eq(r.hard, 0);
    ck_assert_int_eq(hi_rlimit_parse("stack=8192:unlimited", &r, "x", NULL), 0);
    ck_assert_uint_eq(r.hard, RLIM_INFINITY);
    ck_assert_int_eq(hi_rlimit_parse("as=-1", &r, "x", NULL), 0);
    ck_assert_uint_eq(r.soft, RLIM_INFINITY);
    static const char *const bad[] = {"nofile",   "nofile=",    "=5",          "files=5",
                                      "nofile=x", "nofile=5:x", "nofile=10:5", "nofile=1:2:3",
                                      "nof=1",    "nofile=-2",  "nofile= 5",   "nofilex=1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(hi_rlimit_parse(bad[i], &r, "x", NULL) < 0, "'%s' accepted", bad[i]);
}
END_TEST

START_TEST(test_caps)
{
    bool all = false;
    uint64_t mask = 0;
    ck_assert_int_eq(
        hi_caps_parse_list("chown,CAP_KILL,Net_Bind_Service", true, &all, &mask, "x", NULL), 0);
    ck_assert(!all);
    ck_assert_uint_eq(mask, (1ULL << 0) | (1ULL << 5) | (1ULL << 10));
    ck_assert_int_eq(hi_caps_parse_list("ALL", true, &all, &mask, "x", NULL), 0);
    ck_assert(all);
    static const char *const bad[] = {"",           ",", "chown,",   "CAP_", "fly", "cap_chown x",
                                      "chown;kill", "1", "all,bogus"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(hi_caps_parse_list(bad[i], true, &all, &mask, "x", NULL) < 0, "'%s' accepted",
                      bad[i]);
    ck_assert_int_lt(hi_caps_parse_list("all", false, &all, &mask, "x", NULL), 0);
    ck_assert_str_eq(hi_cap_name(10), "NET_BIND_SERVICE");
    ck_assert_ptr_null(hi_cap_name(64));
}
END_TEST

START_TEST(test_cap_names_match_libcap_ng)
{
    /* Our table is libcap-ng's, upper case, for every capability libcap-ng knows. */
    int known = 0;
    for (int c = 0; c < 64; c++) {
        const char *ref = capng_capability_to_name((unsigned)c);
        if (!ref || strncmp(ref, "cap_", 4) == 0 || isdigit((unsigned char)ref[0]))
            continue; /* unknown to libcap-ng: it prints a number */
        known++;
        const char *ours = hi_cap_name(c);
        ck_assert_msg(ours && strcasecmp(ours, ref) == 0, "cap %d: ours %s, libcap-ng %s", c,
                      ours ? ours : "(none)", ref);
    }
    ck_assert_int_ge(known, 38);
}
END_TEST

START_TEST(test_harden_baseline)
{
    struct hi_harden_opts o = {.harden = true, .no_new_privs = HI_UNSET, .read_only = HI_NO};
    hi_harden_resolve(&o);
    ck_assert(o.cap_drop_all && o.cap_drop_given);
    ck_assert_int_eq(o.no_new_privs, HI_YES);
    ck_assert_int_eq(o.read_only, HI_NO); /* an explicit choice is kept */
    ck_assert_uint_eq(o.n_tmpfs, 1);
    ck_assert_str_eq(o.tmpfs[0].path, "/tmp");

    struct hi_harden_opts plain = {.no_new_privs = HI_UNSET, .read_only = HI_UNSET};
    hi_harden_resolve(&plain);
    ck_assert(!plain.cap_drop_all && !plain.cap_drop_given);
    ck_assert_int_eq(plain.no_new_privs, HI_NO);
    ck_assert_uint_eq(plain.n_tmpfs, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("harden");
    TCase *tc = tcase_create("harden");
    tcase_add_loop_test(tc, test_user, 0, N(user_cases));
    tcase_add_test(tc, test_user_missing_files);
    tcase_add_loop_test(tc, test_tmpfs, 0, N(tmpfs_cases));
    tcase_add_test(tc, test_rlimit);
    tcase_add_test(tc, test_caps);
    tcase_add_test(tc, test_cap_names_match_libcap_ng);
    tcase_add_test(tc, test_harden_baseline);
    suite_add_tcase(s, tc);
    return hi_run_suite(s);
}
