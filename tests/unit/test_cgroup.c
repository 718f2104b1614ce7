/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/harden/cgroup*.c: the option values, their v1 and v2 files, the mode,
 * our own cgroup from /proc/self/cgroup and mountinfo; the v2 layout on a fake cgroupfs tree
 * (a temp dir: file names and values), and on the real unified hierarchy when root (the
 * leaf move, subtree_control, EBUSY).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/harden/cgroup_internal.h"
#include "hardinit/cgroup.h"
#include "unit.h"

static const struct {
    enum hi_cgroup_limit limit;
    const char *in;
    int r;
    uint64_t want;
} parse_cases[] = {
    {HI_CG_MEMORY, "256m", 0, 256ULL << 20},
    {HI_CG_MEMORY, "1g", 0, 1ULL << 30},
    {HI_CG_MEMORY, "1G", 0, 1ULL << 30},
    {HI_CG_MEMORY, "512MiB", 0, 512ULL << 20},
    {HI_CG_MEMORY, "64mb", 0, 64ULL << 20},
    {HI_CG_MEMORY, "6291456", 0, 6ULL << 20},
    {HI_CG_MEMORY, "6291456b", 0, 6ULL << 20},
    {HI_CG_MEMORY, "5m", -ERANGE, 0},
    {HI_CG_MEMORY, "-1", -EINVAL, 0},
    {HI_CG_MEMORY, "", -EINVAL, 0},
    {HI_CG_MEMORY, "m", -EINVAL, 0},
    {HI_CG_MEMORY, "12x", -EINVAL, 0},
    {HI_CG_MEMORY, "1mm", -EINVAL, 0},
    {HI_CG_MEMORY, "1.5g", -EINVAL, 0},
    {HI_CG_MEMORY, "99999999999999999999t", -EINVAL, 0},
    {HI_CG_MEMORY, "4611686018427387904", -EINVAL, 0},
    {HI_CG_MEMORY_SWAP, "-1", 0, HI_CG_UNLIMITED},
    {HI_CG_MEMORY_SWAP, "1g", 0, 1ULL << 30},
    {HI_CG_MEMORY_SWAP, "-2", -EINVAL, 0},
    {HI_CG_CPUS, "1", 0, 1000},
    {HI_CG_CPUS, "0.5", 0, 500},
    {HI_CG_CPUS, "1.25", 0, 1250},
    {HI_CG_CPUS, "0.01", 0, 10},
    {HI_CG_CPUS, "0.009", -EINVAL, 0},
    {HI_CG_CPUS, "0", -EINVAL, 0},
    {HI_CG_CPUS, ".5", -EINVAL, 0},
    {HI_CG_CPUS, "2.", -EINVAL, 0},
    {HI_CG_CPUS, "1.2345", -EINVAL, 0},
    {HI_CG_CPUS, "-1", -EINVAL, 0},
    {HI_CG_CPUS, "1e3", -EINVAL, 0},
    {HI_CG_CPUS, "1025", -EINVAL, 0},
    {HI_CG_CPU_WEIGHT, "1", 0, 1},
    {HI_CG_CPU_WEIGHT, "10000", 0, 10000},
    {HI_CG_CPU_WEIGHT, "0", -EINVAL, 0},
    {HI_CG_CPU_WEIGHT, "10001", -EINVAL, 0},
    {HI_CG_IO_WEIGHT, "100", 0, 100},
    {HI_CG_IO_WEIGHT, "x", -EINVAL, 0},
    {HI_CG_PIDS, "100", 0, 100},
    {HI_CG_PIDS, "0", -EINVAL, 0},
    {HI_CG_PIDS, "4194305", -EINVAL, 0},
    {HI_CG_PIDS, "-1", -EINVAL, 0},
};

START_TEST(test_parse)
{
    struct hi_cgroup_opts o = {0};
    struct hi_error err = {0};
    int r = hi_cgroup_parse(parse_cases[_i].limit, parse_cases[_i].in, &o, "--x", &err);
    ck_assert_msg(r == parse_cases[_i].r, "'%s': %d, want %d", parse_cases[_i].in, r,
                  parse_cases[_i].r);
    if (r == 0) {
        ck_assert(o.set[parse_cases[_i].limit]);
        ck_assert_uint_eq(o.value[parse_cases[_i].limit], parse_cases[_i].want);
    } else {
        ck_assert(!o.set[parse_cases[_i].limit]);
        ck_assert_str_eq(err.step, "--x");
        ck_assert_ptr_nonnull(strstr(err.msg, parse_cases[_i].in));
    }
}
END_TEST

static struct hi_cgroup_opts all_opts(void)
{
    struct hi_cgroup_opts o = {0};
    static const char *const v[HI_CG_NLIMITS] = {
        [HI_CG_MEMORY] = "256m", [HI_CG_CPUS] = "1.5",      [HI_CG_CPU_WEIGHT] = "200",
        [HI_CG_PIDS] = "100",    [HI_CG_IO_WEIGHT] = "300",
    };
    for (int l = 0; l < HI_CG_NLIMITS; l++) {
        if (v[l])
            ck_assert_int_eq(hi_cgroup_parse((enum hi_cgroup_limit)l, v[l], &o, "t", NULL), 0);
    }
    return o;
}

/* "controller:file=value|alt=altvalue?" per setting, joined by spaces. */
static void settings_text(const struct hi_cgroup_opts *o, int version, char *buf, size_t size)
{
    struct hi_cgroup_setting s[HI_CG_MAX_SETTINGS];
    int n = hi_cgroup_settings(o, version, s, NULL);
    ck_assert_int_ge(n, 0);
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s:%s=%s", i ? " " : "", s[i].controller,
                                s[i].file, s[i].value);
        if (s[i].alt_file)
            len += (size_t)snprintf(buf + len, size - len, "|%s=%s", s[i].alt_file, s[i].alt_value);
        if (s[i].if_present)
            len += (size_t)snprintf(buf + len, size - len, "?");
    }
}

START_TEST(test_settings)
{
    struct hi_cgroup_opts o = all_opts();
    char got[1024];
    settings_text(&o, 1, got, sizeof(got));
    ck_assert_str_eq(got, "memory:memory.limit_in_bytes=268435456 "
                          "memory:memory.memsw.limit_in_bytes=536870912? "
                          "cpu:cpu.cfs_period_us=100000 cpu:cpu.cfs_quota_us=150000 "
                          "cpu:cpu.shares=2048 pids:pids.max=100 "
                          "blkio:blkio.weight=1000|blkio.bfq.weight=300");
    settings_text(&o, 2, got, sizeof(got));
    ck_assert_str_eq(got, "memory:memory.max=268435456 memory:memory.swap.max=268435456? "
                          "cpu:cpu.max=150000 100000 cpu:cpu.weight=200 pids:pids.max=100 "
                          "io:io.weight=default 300|io.bfq.weight=default 300");

    /* --memory-swap: v1 counts memory plus swap, v2 swap alone; -1 is no limit */
    struct hi_cgroup_opts m = {0};
    hi_cgroup_parse(HI_CG_MEMORY, "1g", &m, "t", NULL);
    hi_cgroup_parse(HI_CG_MEMORY_SWAP, "3g", &m, "t", NULL);
    settings_text(&m, 1, got, sizeof(got));
    ck_assert_str_eq(got, "memory:memory.limit_in_bytes=1073741824 "
                          "memory:memory.memsw.limit_in_bytes=3221225472");
    settings_text(&m, 2, got, sizeof(got));
    ck_assert_str_eq(got, "memory:memory.max=1073741824 memory:memory.swap.max=2147483648");
    hi_cgroup_parse(HI_CG_MEMORY_SWAP, "-1", &m, "t", NULL);
    settings_text(&m, 2, got, sizeof(got));
    ck_assert_str_eq(got, "memory:memory.max=1073741824 memory:memory.swap.max=max");
    settings_text(&m, 1, got, sizeof(got));
    ck_assert_str_eq(got, "memory:memory.limit_in_bytes=1073741824 "
                          "memory:memory.memsw.limit_in_bytes=-1");

    /* weights at their ends: v1 shares and blkio weights stay in their ranges */
    struct hi_cgroup_opts w = {0};
    hi_cgroup_parse(HI_CG_CPU_WEIGHT, "1", &w, "t", NULL);
    hi_cgroup_parse(HI_CG_IO_WEIGHT, "1", &w, "t", NULL);
    settings_text(&w, 1, got, sizeof(got));
    ck_assert_str_eq(got, "cpu:cpu.shares=10 blkio:blkio.weight=10|blkio.bfq.weight=1");
    hi_cgroup_parse(HI_CG_CPU_WEIGHT, "10000", &w, "t", NULL);
    hi_cgroup_parse(HI_CG_IO_WEIGHT, "10000", &w, "t", NULL);
    settings_text(&w, 1, got, sizeof(got));
    ck_assert_str_eq(got, "cpu:cpu.shares=102400 blkio:blkio.weight=1000|blkio.bfq.weight=1000");
    hi_cgroup_parse(HI_CG_CPU_WEIGHT, "100", &w, "t", NULL);
    settings_text(&w, 1, got, sizeof(got));
    ck_assert_ptr_nonnull(strstr(got, "cpu.shares=1024 "));
}
END_TEST

START_TEST(test_settings_contradict)
{
    struct hi_cgroup_opts o = {0};
    struct hi_cgroup_setting s[HI_CG_MAX_SETTINGS];
    struct hi_error err = {0};
    hi_cgroup_parse(HI_CG_MEMORY_SWAP, "1g", &o, "t", NULL);
    ck_assert_int_eq(hi_cgroup_settings(&o, 2, s, &err), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "needs --memory"));
    hi_cgroup_parse(HI_CG_MEMORY, "2g", &o, "t", NULL);
    ck_assert_int_eq(hi_cgroup_settings(&o, 1, s, &err), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "below --memory"));
    hi_cgroup_parse(HI_CG_MEMORY_SWAP, "2g", &o, "t", NULL);
    ck_assert_int_eq(hi_cgroup_settings(&o, 1, s, &err), 2);
}
END_TEST

START_TEST(test_mode)
{
    ck_assert_int_eq(hi_cgroup_mode_of(CGROUP2_SUPER_MAGIC, 0), HI_CGROUP_UNIFIED);
    ck_assert_int_eq(hi_cgroup_mode_of(TMPFS_MAGIC, CGROUP2_SUPER_MAGIC), HI_CGROUP_HYBRID);
    ck_assert_int_eq(hi_cgroup_mode_of(TMPFS_MAGIC, TMPFS_MAGIC), HI_CGROUP_LEGACY);
    ck_assert_int_eq(hi_cgroup_mode_of(TMPFS_MAGIC, 0), HI_CGROUP_LEGACY);
}
END_TEST

static const char PROC_HYBRID[] = "9:name=systemd:/init.scope\n"
                                  "8:pids:/a/b\n"
                                  "2:cpu,cpuacct:/c\n"
                                  "4:memory:/process_api/x\n"
                                  "0::/u\n";

START_TEST(test_own_path)
{
    char buf[64];
    ck_assert_int_eq(hi_cgroup_own_path(PROC_HYBRID, "pids", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/a/b");
    ck_assert_int_eq(hi_cgroup_own_path(PROC_HYBRID, "cpu", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/c");
    ck_assert_int_eq(hi_cgroup_own_path(PROC_HYBRID, "cpuacct", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/c");
    ck_assert_int_eq(hi_cgroup_own_path(PROC_HYBRID, NULL, buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/u");
    ck_assert_int_eq(hi_cgroup_own_path(PROC_HYBRID, "blkio", buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cgroup_own_path(PROC_HYBRID, "cpus", buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cgroup_own_path("0::/\n", NULL, buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/");
    ck_assert_int_eq(hi_cgroup_own_path("0::/\n", "memory", buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cgroup_own_path("4:memory:/x\n", NULL, buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cgroup_own_path("0::/a/very/long/path", NULL, buf, 8), -ENAMETOOLONG);
    ck_assert_int_eq(hi_cgroup_own_path("", NULL, buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cgroup_own_path("garbage\n::\n", NULL, buf, sizeof(buf)), -ENOENT);
}
END_TEST

START_TEST(test_mountinfo_root)
{
    /* docker without a cgroup namespace: /docker/<id> is mounted at the controller's place */
    static const char mi[] =
        "30 25 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
        "31 30 0:27 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
        "32 30 0:28 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n";
    char dir[256];
    ck_assert_int_eq(hi_cg_own_dir(mi, "/sys/fs/cgroup/memory", "/docker/abc", dir, sizeof(dir)),
                     0);
    ck_assert_str_eq(dir, "/sys/fs/cgroup/memory");
    ck_assert_int_eq(hi_cg_own_dir(mi, "/sys/fs/cgroup/memory", "/docker/abc/x", dir, sizeof(dir)),
                     0);
    ck_assert_str_eq(dir, "/sys/fs/cgroup/memory/x");
    ck_assert_int_eq(hi_cg_own_dir(mi, "/sys/fs/cgroup/memory", "/docker/abcd", dir, sizeof(dir)),
                     0);
    ck_assert_str_eq(dir, "/sys/fs/cgroup/memory/docker/abcd");
    ck_assert_int_eq(hi_cg_own_dir(mi, "/sys/fs/cgroup/pids", "/a", dir, sizeof(dir)), 0);
    ck_assert_str_eq(dir, "/sys/fs/cgroup/pids/a");
    ck_assert_int_eq(hi_cg_own_dir(mi, "/sys/fs/cgroup/pids", "/", dir, sizeof(dir)), 0);
    ck_assert_str_eq(dir, "/sys/fs/cgroup/pids");
}
END_TEST

START_TEST(test_v1_mount)
{
    static const char mi[] =
        "25 1 0:22 / /sys rw,nosuid - sysfs sysfs rw\n"
        "30 25 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
        "31 30 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:9 - cgroup cgroup "
        "rw,cpu,cpuacct\n"
        "32 30 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
        "33 30 0:29 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n"
        "34 30 0:30 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n";
    char buf[128];
    ck_assert_int_eq(hi_cg_v1_mount(mi, "memory", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/sys/fs/cgroup/memory");
    ck_assert_int_eq(hi_cg_v1_mount(mi, "cpu", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/sys/fs/cgroup/cpu,cpuacct");
    ck_assert_int_eq(hi_cg_v1_mount(mi, "cpuacct", buf, sizeof(buf)), 0);
    ck_assert_str_eq(buf, "/sys/fs/cgroup/cpu,cpuacct");
    ck_assert_int_eq(hi_cg_v1_mount(mi, "pids", buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cg_v1_mount(mi, "nsdelegate", buf, sizeof(buf)), -ENOENT); /* v2 */
    ck_assert_int_eq(hi_cg_v1_mount(mi, "memory", buf, 8), -ENAMETOOLONG);
    ck_assert_int_eq(hi_cg_v1_mount("", "memory", buf, sizeof(buf)), -ENOENT);
    ck_assert_int_eq(hi_cg_v1_mount("garbage - cgroup\n - \n", "memory", buf, sizeof(buf)),
                     -ENOENT);
}
END_TEST

/* --- the fake cgroupfs tree */

static void put(const char *dir, const char *file, const char *text)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void get(const char *dir, const char *file, char *buf, size_t size)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (f) {
        size_t n = fread(buf, 1, size - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(p);
}

static bool is_dir(const char *dir, const char *sub)
{
    char path[600];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A unified tree: <root>/test is our cgroup, with the controllers' files. */
static void fake_tree(char *root, struct hi_cgroup_env *env, char *own, const char *controllers,
                      bool io_bfq)
{
    strcpy(root, "/tmp/hardinit-cgfake.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    sprintf(own, "%s/test", root);
    ck_assert_int_eq(mkdir(own, 0755), 0);
    put(root, "self-cgroup", "0::/test\n");
    put(root, "mountinfo", "");
    put(own, "cgroup.type", "domain\n");
    put(own, "cgroup.controllers", controllers);
    put(own, "cgroup.subtree_control", "\n");
    put(own, "cgroup.procs", "");
    const char *files[] = {"memory.max", "memory.swap.max", "cpu.max",
                           "cpu.weight", "pids.max",        io_bfq ? "io.bfq.weight" : "io.weight"};
    for (int i = 0; i < N(files); i++)
        put(own, files[i], "max\n");
    static char sc[600], mi[600];
    snprintf(sc, sizeof(sc), "%s/self-cgroup", root);
    snprintf(mi, sizeof(mi), "%s/mountinfo", root);
    *env = (struct hi_cgroup_env){
        .root = root, .proc_cgroup = sc, .mountinfo = mi, .mode = HI_CGROUP_UNIFIED};
}

START_TEST(test_fake_unified)
{
    char root[64], own[128], v[128];
    struct hi_cgroup_env env;
    fake_tree(root, &env, own, "cpuset cpu io memory hugetlb pids rdma misc\n", false);
    struct hi_cgroup_opts o = all_opts();
    struct hi_cgroup cg;
    struct hi_error err = {0};
    ck_assert_msg(hi_cgroup_create(&o, &env, &cg, &err) == 0, "%s: %s", err.step, err.msg);
    char app[200];
    snprintf(app, sizeof(app), "%s/app", own);
    ck_assert_int_eq((int)cg.n_leaves, 1);
    ck_assert_str_eq(cg.leaves[0].path, app);
    ck_assert(cg.leaves[0].memory);
    ck_assert(cg.v2_init && is_dir(own, "init"));
    get(own, "cgroup.subtree_control", v, sizeof(v));
    ck_assert_str_eq(v, "+memory +cpu +pids +io");
    static const char *const want[][2] = {
        {"memory.max", "268435456"},  {"memory.swap.max", "268435456"},
        {"cpu.max", "150000 100000"}, {"cpu.weight", "200"},
        {"pids.max", "100"},          {"io.weight", "default 300"},
    };
    for (int i = 0; i < N(want); i++) {
        get(app, want[i][0], v, sizeof(v));
        ck_assert_msg(strcmp(v, want[i][1]) == 0, "%s: '%s', want '%s'", want[i][0], v, want[i][1]);
    }
    hi_cgroup_remove(&cg, NULL); /* rmdir fails here: a fake tree's files are real files */
    get(own, "cgroup.subtree_control", v, sizeof(v));
    ck_assert_str_eq(v, "-memory -cpu -pids -io");
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
END_TEST

START_TEST(test_fake_unified_bfq_and_missing)
{
    char root[64], own[128], v[128], app[200];
    struct hi_cgroup_env env;
    struct hi_error err = {0};
    struct hi_cgroup cg;
    fake_tree(root, &env, own, "cpu io memory pids\n", true);
    struct hi_cgroup_opts o = {0};
    hi_cgroup_parse(HI_CG_IO_WEIGHT, "5000", &o, "t", NULL);
    ck_assert_msg(hi_cgroup_create(&o, &env, &cg, &err) == 0, "%s: %s", err.step, err.msg);
    snprintf(app, sizeof(app), "%s/app", own);
    get(app, "io.bfq.weight", v, sizeof(v));
    ck_assert_str_eq(v, "default 1000");
    ck_assert(access(strcat(app, "/io.weight"), F_OK) < 0);
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);

    /* a controller not delegated to us: one clear error, nothing left behind */
    fake_tree(root, &env, own, "cpu io pids\n", false);
    o = (struct hi_cgroup_opts){0};
    hi_cgroup_parse(HI_CG_MEMORY, "64m", &o, "t", NULL);
    ck_assert_int_eq(hi_cgroup_create(&o, &env, &cg, &err), -ENOENT);
    ck_assert_str_eq(err.step, "--memory");
    ck_assert_ptr_nonnull(strstr(err.msg, "the memory controller is not available"));
    ck_assert(!is_dir(own, "app") && !is_dir(own, "init"));
    /* an app leaf left by someone else is not taken over */
    ck_assert_int_eq(mkdir(strcat(strcpy(app, own), "/app"), 0755), 0);
    o = (struct hi_cgroup_opts){0};
    hi_cgroup_parse(HI_CG_PIDS, "5", &o, "t", NULL);
    ck_assert_int_eq(hi_cgroup_create(&o, &env, &cg, &err), -EEXIST);
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
END_TEST

/* A legacy (or hybrid) tree: <root>/<ctrl>/test for each v1 controller, as mountinfo says. */
static void fake_v1(char *root, struct hi_cgroup_env *env, enum hi_cgroup_mode mode, bool memsw)
{
    static const char *const ctrls[][2] = {
        {"memory", "memory"}, {"cpu,cpuacct", "cpu,cpuacct"}, {"pids", "pids"}, {"blkio", "blkio"}};
    static const char *const files[][3] = {
        {"memory", "memory.limit_in_bytes", "memory.memsw.limit_in_bytes"},
        {"cpu,cpuacct", "cpu.cfs_period_us", "cpu.cfs_quota_us"},
        {"cpu,cpuacct", "cpu.shares", NULL},
        {"pids", "pids.max", NULL},
        {"blkio", "blkio.bfq.weight", NULL},
    };
    strcpy(root, "/tmp/hardinit-cgfake.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    char mi[2048] = "", dir[256];
    for (int i = 0; i < N(ctrls); i++) {
        snprintf(dir, sizeof(dir), "%s/%s", root, ctrls[i][0]);
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        strcat(dir, "/test");
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        snprintf(mi + strlen(mi), sizeof(mi) - strlen(mi),
                 "%d 30 0:%d / %s/%s rw,nosuid - cgroup cgroup rw,%s\n", 40 + i, 40 + i, root,
                 ctrls[i][0], ctrls[i][1]);
    }
    for (int i = 0; i < N(files); i++) {
        snprintf(dir, sizeof(dir), "%s/%s/test", root, files[i][0]);
        put(dir, files[i][1], "0\n");
        if (files[i][2] && (memsw || strcmp(files[i][0], "memory") != 0))
            put(dir, files[i][2], "0\n");
    }
    put(root, "mountinfo", mi);
    put(root, "self-cgroup",
        "9:pids:/test\n4:memory:/test\n2:cpu,cpuacct:/test\n7:blkio:/test\n0::/test\n");
    static char sc[600], mip[600];
    snprintf(sc, sizeof(sc), "%s/self-cgroup", root);
    snprintf(mip, sizeof(mip), "%s/mountinfo", root);
    *env = (struct hi_cgroup_env){.root = root, .proc_cgroup = sc, .mountinfo = mip, .mode = mode};
}

START_TEST(test_fake_legacy)
{
    char root[64], v[128], dir[256];
    struct hi_cgroup_env env;
    struct hi_error err = {0};
    struct hi_cgroup cg;
    fake_v1(root, &env, HI_CGROUP_LEGACY, true);
    struct hi_cgroup_opts o = all_opts();
    ck_assert_msg(hi_cgroup_create(&o, &env, &cg, &err) == 0, "%s: %s", err.step, err.msg);
    ck_assert_int_eq((int)cg.n_leaves, 4); /* memory, cpu, pids, blkio */
    ck_assert(cg.leaves[0].memory && cg.leaves[0].version == 1);
    ck_assert(!cg.v2_init && !cg.v2_enabled[0]);
    static const char *const want[][3] = {
        {"memory", "memory.limit_in_bytes", "268435456"},
        {"memory", "memory.memsw.limit_in_bytes", "536870912"},
        {"cpu,cpuacct", "cpu.cfs_period_us", "100000"},
        {"cpu,cpuacct", "cpu.cfs_quota_us", "150000"},
        {"cpu,cpuacct", "cpu.shares", "2048"},
        {"pids", "pids.max", "100"},
        {"blkio", "blkio.bfq.weight", "300"},
    };
    for (int i = 0; i < N(want); i++) {
        snprintf(dir, sizeof(dir), "%s/%s/test/app", root, want[i][0]);
        get(dir, want[i][1], v, sizeof(v));
        ck_assert_msg(strcmp(v, want[i][2]) == 0, "%s: '%s', want '%s'", want[i][1], v, want[i][2]);
    }
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);

    /* no swap accounting: docker's default swap limit is skipped, an explicit one fails */
    fake_v1(root, &env, HI_CGROUP_LEGACY, false);
    o = (struct hi_cgroup_opts){0};
    hi_cgroup_parse(HI_CG_MEMORY, "64m", &o, "t", NULL);
    ck_assert_msg(hi_cgroup_create(&o, &env, &cg, &err) == 0, "%s: %s", err.step, err.msg);
    snprintf(dir, sizeof(dir), "%s/memory/test/app", root);
    get(dir, "memory.limit_in_bytes", v, sizeof(v));
    ck_assert_str_eq(v, "67108864");
    ck_assert(access(strcat(dir, "/memory.memsw.limit_in_bytes"), F_OK) < 0);
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    fake_v1(root, &env, HI_CGROUP_LEGACY, false);
    hi_cgroup_parse(HI_CG_MEMORY_SWAP, "128m", &o, "t", NULL);
    ck_assert_int_eq(hi_cgroup_create(&o, &env, &cg, &err), -ENOENT);
    ck_assert_str_eq(err.step, "--memory-swap");
    snprintf(dir, sizeof(dir), "%s/memory/test", root);
    ck_assert(!is_dir(dir, "app"));
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
END_TEST

START_TEST(test_fake_hybrid)
{
    /* hybrid: a controller listed on the unified hierarchy goes there, the rest to v1 */
    char root[64], v[128], dir[300], own[256];
    struct hi_cgroup_env env;
    struct hi_error err = {0};
    struct hi_cgroup cg;
    fake_v1(root, &env, HI_CGROUP_HYBRID, true);
    snprintf(dir, sizeof(dir), "%s/unified", root);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(own, sizeof(own), "%s/unified/test", root);
    ck_assert_int_eq(mkdir(own, 0755), 0);
    put(own, "cgroup.type", "domain\n");
    put(own, "cgroup.controllers", "pids\n");
    put(own, "cgroup.subtree_control", "");
    put(own, "cgroup.procs", "");
    put(own, "pids.max", "max\n");
    struct hi_cgroup_opts o = {0};
    hi_cgroup_parse(HI_CG_PIDS, "7", &o, "t", NULL);
    hi_cgroup_parse(HI_CG_MEMORY, "64m", &o, "t", NULL);
    ck_assert_msg(hi_cgroup_create(&o, &env, &cg, &err) == 0, "%s: %s", err.step, err.msg);
    ck_assert_int_eq((int)cg.n_leaves, 2);
    snprintf(dir, sizeof(dir), "%s/app", own);
    ck_assert_str_eq(cg.leaves[0].path, dir);
    get(dir, "pids.max", v, sizeof(v));
    ck_assert_str_eq(v, "7");
    get(own, "cgroup.subtree_control", v, sizeof(v));
    ck_assert_str_eq(v, "+pids");
    snprintf(dir, sizeof(dir), "%s/memory/test/app", root);
    ck_assert_str_eq(cg.leaves[1].path, dir);
    get(dir, "memory.limit_in_bytes", v, sizeof(v));
    ck_assert_str_eq(v, "67108864");
    snprintf(dir, sizeof(dir), "%s/pids/test", root);
    ck_assert(!is_dir(dir, "app")); /* pids lives on v2 here */
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
END_TEST

/* --- the real unified hierarchy (root only): hugetlb is the one v2 controller on hybrid hosts */

#define UNIFIED "/sys/fs/cgroup/unified"

static bool real_v2_usable(const char **why)
{
    struct statfs sf;
    char v[256] = "";
    *why = "needs root";
    if (geteuid() != 0)
        return false;
    *why = "needs cgroup2 at " UNIFIED " (a hybrid host)";
    if (statfs(UNIFIED, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC)
        return false;
    get(UNIFIED, "cgroup.controllers", v, sizeof(v));
    *why = "needs the hugetlb controller on the unified hierarchy";
    return strstr(v, "hugetlb") != NULL;
}

static int write_str(const char *dir, const char *file, const char *s)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int r = write(fd, s, strlen(s)) < 0 ? -errno : 0;
    close(fd);
    return r;
}

static bool lists_pid(const char *dir, pid_t pid)
{
    char v[4096], want[16];
    v[0] = '\n';
    get(dir, "cgroup.procs", v + 1, sizeof(v) - 1);
    snprintf(want, sizeof(want), "\n%d\n", (int)pid);
    return strstr(v, want) != NULL;
}

/* In a child that has joined t: the whole layout, and back. Exit status = failed step. */
static int v2_layout_child(const char *t, pid_t sleeper)
{
    char v[256], init[300], app[300];
    snprintf(init, sizeof(init), "%s/init", t);
    snprintf(app, sizeof(app), "%s/app", t);
    /* the rule the layout exists for: processes here, so no controllers for children */
    if (write_str(t, "cgroup.subtree_control", "+hugetlb") != -EBUSY)
        return 10;
    DIR *d = opendir(t);
    const char *file = NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strncmp(e->d_name, "hugetlb.", 8) == 0 && strstr(e->d_name, ".max") &&
            !strstr(e->d_name, "rsvd")) {
            static char name[256];
            snprintf(name, sizeof(name), "%s", e->d_name);
            file = name;
        }
    }
    if (d)
        closedir(d);
    if (!file)
        return 11;
    struct hi_cgroup_setting s = {.controller = "hugetlb", .file = file, .value = "4194304"};
    struct hi_cgroup cg = {0};
    struct hi_error err = {0};
    if (hi_cgroup_create_v2(t, &s, 1, &cg, &err) < 0) {
        fprintf(stderr, "create_v2: %s: %s\n", err.step, err.msg);
        return 12;
    }
    get(t, "cgroup.procs", v, sizeof(v));
    if (v[0] || !lists_pid(init, getpid()) || !lists_pid(init, sleeper))
        return 13; /* everyone moved to init */
    get(t, "cgroup.subtree_control", v, sizeof(v));
    if (strcmp(v, "hugetlb\n") != 0)
        return 14;
    get(app, file, v, sizeof(v));
    if (strcmp(v, "4194304\n") != 0)
        return 15;
    if (hi_cgroup_place(&cg, sleeper, &err) < 0 || !lists_pid(app, sleeper))
        return 16;
    kill(sleeper, SIGKILL);
    waitpid(sleeper, NULL, 0);
    if (hi_cgroup_remove(&cg, &err) < 0) {
        fprintf(stderr, "remove: %s: %s\n", err.step, err.msg);
        return 17;
    }
    get(t, "cgroup.subtree_control", v, sizeof(v));
    if (is_dir(t, "app") || is_dir(t, "init") || (v[0] && strcmp(v, "\n") != 0))
        return 18;
    return lists_pid(t, getpid()) ? 0 : 19; /* back where it started */
}

START_TEST(test_real_unified)
{
    const char *why;
    if (!real_v2_usable(&why)) {
        const char *strict = getenv("HARDINIT_STRICT_SKIPS");
        ck_assert_msg(!strict || strcmp(strict, "1") != 0, "skipped in strict mode: %s", why);
        printf("# SKIP real unified hierarchy: %s\n", why);
        return;
    }
    char root_sc[256], t[128];
    get(UNIFIED, "cgroup.subtree_control", root_sc, sizeof(root_sc));
    bool enabled_here = !strstr(root_sc, "hugetlb");
    if (enabled_here)
        ck_assert_int_eq(write_str(UNIFIED, "cgroup.subtree_control", "+hugetlb"), 0);
    snprintf(t, sizeof(t), UNIFIED "/hardinit-unit-%d", (int)getpid());
    ck_assert_int_eq(mkdir(t, 0755), 0);

    pid_t child = fork();
    if (child == 0) {
        char me[16];
        snprintf(me, sizeof(me), "%d", (int)getpid());
        if (write_str(t, "cgroup.procs", me) < 0)
            _exit(9);
        pid_t sleeper = fork();
        if (sleeper == 0) {
            pause();
            _exit(0);
        }
        int r = v2_layout_child(t, sleeper);
        kill(sleeper, SIGKILL);
        write_str(UNIFIED, "cgroup.procs", me);
        _exit(r);
    }
    int status = -1;
    waitpid(child, &status, 0);
    /* cleanup whatever happened, then judge */
    char sub[200];
    snprintf(sub, sizeof(sub), "%s/app", t);
    rmdir(sub);
    snprintf(sub, sizeof(sub), "%s/init", t);
    rmdir(sub);
    int rm = rmdir(t);
    if (enabled_here)
        write_str(UNIFIED, "cgroup.subtree_control", "-hugetlb");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "layout step %d failed",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    ck_assert_int_eq(rm, 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cgroup");
    TCase *tc = tcase_create("cgroup");
    tcase_add_loop_test(tc, test_parse, 0, N(parse_cases));
    tcase_add_test(tc, test_settings);
    tcase_add_test(tc, test_settings_contradict);
    tcase_add_test(tc, test_mode);
    tcase_add_test(tc, test_own_path);
    tcase_add_test(tc, test_mountinfo_root);
    tcase_add_test(tc, test_fake_unified);
    tcase_add_test(tc, test_fake_unified_bfq_and_missing);
    tcase_add_test(tc, test_v1_mount);
    tcase_add_test(tc, test_fake_legacy);
    tcase_add_test(tc, test_fake_hybrid);
    tcase_add_test(tc, test_real_unified);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return hi_run_suite(suite());
}
