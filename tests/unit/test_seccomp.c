/* SPDX-License-Identifier: MIT */
/*
 * test_seccomp.c - profile -> rules, checked against libseccomp's own text of the filter
 * (seccomp_export_pfc) in tests/unit/golden; no kernel needed. The golden files were
 * made with `hardinit profile pfc FILE --caps ... --kernel ...` and read line by line:
 * regenerate them the same way only after reading the difference.
 * Also: audit mode's rewrite and the precompiled-filter file, written and read back.
 */
#include <errno.h>
#include <stddef.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/notify.h"
#include "hardinit/seccomp.h"
#include "unit.h"

#define CAP_CHOWN_BIT     (1ULL << 0)
#define CAP_SYS_ADMIN_BIT (1ULL << 21)

static const char *golden_dir(void)
{
    const char *d = getenv("GOLDEN_DIR");
    return d ? d : "tests/unit/golden";
}

static char *read_golden(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", golden_dir(), name);
    char *text = NULL;
    struct hi_error err = {0};
    ck_assert_msg(hi_read_file(path, 1 << 20, "test", &text, NULL, &err) == 0, "%s", err.msg);
    return text;
}

/* Compile golden/json for target and return libseccomp's PFC text of it. */
static char *pfc_of(const char *json, uint64_t caps, struct hi_kernel kernel, struct hi_bpf *bpf)
{
    _cleanup_free_ char *text = read_golden(json);
    int fd = memfd_create("pfc", MFD_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    struct hi_seccomp_target t = {.caps = caps, .kernel = kernel, .pfc_fd = fd};
    struct hi_error err = {0};
    ck_assert_msg(hi_seccomp_compile(text, json, &t, bpf, NULL, &err) == 0, "%s", err.msg);
    off_t size = lseek(fd, 0, SEEK_END);
    char *out = calloc(1, (size_t)size + 1);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(pread(fd, out, (size_t)size, 0), size);
    close(fd);
    return out;
}

static const struct {
    const char *json, *golden;
    uint64_t caps;
    struct hi_kernel kernel;
} cases[] = {
    /* OR of conditions on one index, AND across indexes, MASKED_EQ, NE, every action */
    {"args.json", "args.pfc", 0, {5, 10}},
    /* default-action rules skipped, another errno kept, an unknown allowed name skipped,
     * includes/excludes on caps, minKernel and arches judged against the target */
    {"deny.json", "deny-nocaps-5.2.pfc", 0, {5, 2}},
    {"deny.json", "deny-admin-6.1.pfc", CAP_SYS_ADMIN_BIT | CAP_CHOWN_BIT, {6, 1}},
    /* archMap with a sub-architecture, the deprecated "name", defaultErrnoRet */
    {"arches.json", "arches.pfc", 0, {6, 1}},
};

START_TEST(test_golden_pfc)
{
    if (seccomp_arch_native() != SCMP_ARCH_X86_64)
        return; /* the golden files hold x86_64 syscall numbers */
    struct hi_bpf bpf = {0};
    _cleanup_free_ char *got = pfc_of(cases[_i].json, cases[_i].caps, cases[_i].kernel, &bpf);
    _cleanup_free_ char *want = read_golden(cases[_i].golden);
    ck_assert_msg(strcmp(got, want) == 0, "%s for %s differs from the golden file:\n%s",
                  cases[_i].json, cases[_i].golden, got);
    ck_assert_uint_gt(bpf.len, 0);
    hi_bpf_free(&bpf);
}
END_TEST

START_TEST(test_enosys_stub)
{
    /* deny.json's highest named syscall is clone3 (435): above it, ENOSYS first. */
    struct hi_bpf bpf = {0};
    free(pfc_of("deny.json", 0, (struct hi_kernel){6, 1}, &bpf));
    if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
        ck_assert_uint_eq(bpf.insns[4].code, BPF_JMP | BPF_JGT | BPF_K);
        ck_assert_uint_eq(bpf.insns[4].k, 435);
        ck_assert_uint_eq(bpf.insns[5].k, SECCOMP_RET_ERRNO | ENOSYS);
    }
    hi_bpf_free(&bpf);
    /* A permissive default needs no stub: args.json's program starts with libseccomp's. */
    free(pfc_of("args.json", 0, (struct hi_kernel){6, 1}, &bpf));
    ck_assert_uint_eq(bpf.insns[0].code, BPF_LD | BPF_W | BPF_ABS);
    ck_assert_uint_ne(bpf.insns[5].k, SECCOMP_RET_ERRNO | ENOSYS);
    hi_bpf_free(&bpf);
}
END_TEST

START_TEST(test_audit)
{
    struct hi_bpf bpf = {0};
    free(pfc_of("args.json", 0, (struct hi_kernel){6, 1}, &bpf));
    size_t denies = 0, allows = 0;
    for (unsigned short i = 0; i < bpf.len; i++) {
        uint32_t a = bpf.insns[i].k & SECCOMP_RET_ACTION_FULL;
        if (bpf.insns[i].code == (BPF_RET | BPF_K)) {
            allows += a == SECCOMP_RET_ALLOW;
            denies += a != SECCOMP_RET_ALLOW && a != SECCOMP_RET_LOG;
        }
    }
    ck_assert_uint_gt(denies, 4); /* ERRNO(1), ERRNO(97), KILL_PROCESS, TRAP, bad arch */
    ck_assert_uint_eq(hi_bpf_audit(&bpf), denies);
    size_t after_allows = 0;
    for (unsigned short i = 0; i < bpf.len; i++) {
        uint32_t a = bpf.insns[i].k & SECCOMP_RET_ACTION_FULL;
        if (bpf.insns[i].code == (BPF_RET | BPF_K)) {
            ck_assert(a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG);
            after_allows += a == SECCOMP_RET_ALLOW;
        }
    }
    ck_assert_uint_eq(after_allows, allows); /* what was allowed stays allowed, unlogged */
    ck_assert_uint_eq(hi_bpf_audit(&bpf), 0);
    hi_bpf_free(&bpf);
}
END_TEST

START_TEST(test_bpf_file)
{
    struct hi_bpf bpf = {0};
    free(pfc_of("deny.json", 0, (struct hi_kernel){5, 4}, &bpf));
    struct hi_bpf_header h = {
        .arch = seccomp_arch_native(),
        .len = bpf.len,
        .caps = 0,
        .kernel_major = 5,
        .kernel_minor = 4,
        .insns_hash = hi_fnv1a(bpf.insns, bpf.len * sizeof(*bpf.insns)),
    };
    memcpy(h.magic, HI_BPF_MAGIC, sizeof(h.magic));
    snprintf(h.source, sizeof(h.source), "deny.json");
    char path[] = "/tmp/hardinit-unit-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    struct hi_error err = {0};
    ck_assert_int_eq(hi_bpf_file_write(path, &bpf, &h, &err), 0);

    struct hi_bpf back = {0};
    struct hi_bpf_header hb;
    ck_assert_msg(hi_bpf_file_read(path, &back, &hb, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(back.len, bpf.len);
    ck_assert_mem_eq(back.insns, bpf.insns, bpf.len * sizeof(*bpf.insns));
    ck_assert_str_eq(hb.source, "deny.json");
    hi_bpf_free(&back);

    /* Every byte of the header that is checked, changed: refused with a reason. */
    static const size_t checked[] = {0, 7, offsetof(struct hi_bpf_header, arch),
                                     offsetof(struct hi_bpf_header, len),
                                     offsetof(struct hi_bpf_header, insns_hash)};
    _cleanup_free_ char *data = NULL;
    size_t size = 0;
    ck_assert_int_eq(hi_read_file(path, 1 << 20, "test", &data, &size, &err), 0);
    for (int i = 0; i < N(checked); i++) {
        data[checked[i]] ^= 0x40;
        memset(&err, 0, sizeof(err));
        ck_assert_int_lt(hi_bpf_parse(data, size, path, &back, NULL, &err), 0);
        ck_assert_msg(strstr(err.msg, path) != NULL, "byte %zu: %s", checked[i], err.msg);
        data[checked[i]] ^= 0x40;
    }
    ck_assert_int_eq(hi_bpf_parse(data, size, path, &back, NULL, &err), 0);
    hi_bpf_free(&back);
    ck_assert_int_lt(hi_bpf_parse(data, size - 1, path, &back, NULL, &err), 0);
    unlink(path);
    hi_bpf_free(&bpf);
}
END_TEST

static uint32_t run(const struct hi_bpf *bpf, int nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct seccomp_data d = {.nr = nr, .arch = seccomp_arch_native(), .args = {a0, a1, a2}};
    return hi_bpf_run(bpf, &d);
}

/* The interpreter against what args.json says (the kernel agrees: tests/integration). */
START_TEST(test_bpf_run)
{
    if (seccomp_arch_native() != SCMP_ARCH_X86_64)
        return;
    struct hi_bpf bpf = {0};
    free(pfc_of("args.json", 0, (struct hi_kernel){6, 1}, &bpf));
    ck_assert_uint_eq(run(&bpf, SYS_personality, 8, 0, 0), SECCOMP_RET_ERRNO | 1);
    ck_assert_uint_eq(run(&bpf, SYS_personality, 0x20000, 0, 0), SECCOMP_RET_ERRNO | 1);
    ck_assert_uint_eq(run(&bpf, SYS_personality, 0x20000 | (1ULL << 32), 0, 0),
                      SECCOMP_RET_ALLOW); /* the high half is compared too */
    ck_assert_uint_eq(run(&bpf, SYS_personality, 0, 0, 0), SECCOMP_RET_ALLOW);
    ck_assert_uint_eq(run(&bpf, SYS_socket, 38, 2048 | 1, 0), SECCOMP_RET_ERRNO | 97);
    ck_assert_uint_eq(run(&bpf, SYS_socket, 38, 1, 0), SECCOMP_RET_ALLOW); /* mask not met */
    ck_assert_uint_eq(run(&bpf, SYS_socket, 2, 2048, 0), SECCOMP_RET_ALLOW);
    ck_assert_uint_eq(run(&bpf, SYS_kill, 1, 9, 0), SECCOMP_RET_ALLOW);
    ck_assert_uint_eq(run(&bpf, SYS_kill, 1, 15, 0), SECCOMP_RET_KILL_PROCESS);
    ck_assert_uint_eq(run(&bpf, SYS_uname, 0, 0, 0), SECCOMP_RET_TRAP);
    ck_assert_uint_eq(run(&bpf, SYS_getcwd, 0, 0, 0), SECCOMP_RET_LOG);
    ck_assert_uint_eq(run(&bpf, SYS_getpid, 0, 0, 0), SECCOMP_RET_ALLOW);
    struct seccomp_data other = {.nr = 1, .arch = 0x40000003 /* x86 */};
    ck_assert_uint_eq(hi_bpf_run(&bpf, &other),
                      SECCOMP_RET_KILL_THREAD); /* libseccomp's bad-architecture action */
    hi_bpf_free(&bpf);

    /* Programs that do not finish properly end as the kernel would refuse them: kill. */
    struct sock_filter off_end[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0)};
    struct sock_filter bad_jump[] = {BPF_STMT(BPF_JMP | BPF_JA, 5),
                                     BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_filter bad_load[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64),
                                     BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_filter div0[] = {BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
                                 BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct hi_bpf progs[] = {{off_end, 1, 0}, {bad_jump, 2, 0}, {bad_load, 2, 0}, {div0, 2, 0}};
    for (int i = 0; i < N(progs); i++)
        ck_assert_uint_eq(run(&progs[i], 0, 0, 0, 0), SECCOMP_RET_KILL_THREAD);
}
END_TEST

START_TEST(test_notify_programs)
{
    struct hi_error err = {0};
    struct hi_bpf learn = {0};
    ck_assert_int_eq(hi_notify_program(HI_NOTIFY_LEARN, NULL, 7, &learn, &err), 0);
    ck_assert(learn.flags & SECCOMP_FILTER_FLAG_NEW_LISTENER);
    ck_assert_uint_eq(run(&learn, SYS_getpid, 0, 0, 0), SECCOMP_RET_USER_NOTIF);
    ck_assert_uint_eq(run(&learn, SYS_exit_group, 0, 0, 0), SECCOMP_RET_ALLOW);
    ck_assert_uint_eq(run(&learn, SYS_exit, 0, 0, 0), SECCOMP_RET_ALLOW);
    /* Only the hand-over itself passes unasked: that socket, those flags. */
    ck_assert_uint_eq(run(&learn, SYS_sendmsg, 7, 0, HI_NOTIFY_SEND_FLAGS), SECCOMP_RET_ALLOW);
    ck_assert_uint_eq(run(&learn, SYS_sendmsg, 8, 0, HI_NOTIFY_SEND_FLAGS), SECCOMP_RET_USER_NOTIF);
    ck_assert_uint_eq(run(&learn, SYS_sendmsg, 7 | (1ULL << 32), 0, HI_NOTIFY_SEND_FLAGS),
                      SECCOMP_RET_USER_NOTIF);
    ck_assert_uint_eq(run(&learn, SYS_sendmsg, 7, 0, 0), SECCOMP_RET_USER_NOTIF);
    struct seccomp_data other = {.nr = SYS_exit_group, .arch = 0x40000003};
    ck_assert_uint_eq(hi_bpf_run(&learn, &other), SECCOMP_RET_USER_NOTIF);
    hi_bpf_free(&learn);

    /* Report: every ERRNO of the profile is routed; the rest stays as it was. */
    struct hi_bpf profile = {0}, report = {0};
    free(pfc_of("args.json", 0, (struct hi_kernel){6, 1}, &profile));
    profile.flags = SECCOMP_FILTER_FLAG_TSYNC;
    ck_assert_int_eq(hi_notify_program(HI_NOTIFY_REPORT, &profile, 7, &report, &err), 0);
    ck_assert_uint_eq(report.flags, SECCOMP_FILTER_FLAG_NEW_LISTENER);
    for (int nr = 0; nr < 450; nr++) {
        for (uint64_t a = 0; a < 3; a++) {
            uint32_t was = run(&profile, nr, a * 8, a * 2048, 0);
            uint32_t now = run(&report, nr, a * 8, a * 2048, 0);
            if ((was & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
                ck_assert_uint_eq(now, SECCOMP_RET_USER_NOTIF);
            else
                ck_assert_uint_eq(now, was);
        }
    }
    hi_bpf_free(&report);
    hi_bpf_free(&profile);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("seccomp");
    TCase *tc = tcase_create("seccomp");
    tcase_add_loop_test(tc, test_golden_pfc, 0, N(cases));
    tcase_add_test(tc, test_enosys_stub);
    tcase_add_test(tc, test_audit);
    tcase_add_test(tc, test_bpf_file);
    tcase_add_test(tc, test_bpf_run);
    tcase_add_test(tc, test_notify_programs);
    suite_add_tcase(s, tc);
    return hi_run_suite(s);
}
