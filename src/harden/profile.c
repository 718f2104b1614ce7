/* SPDX-License-Identifier: MIT */
/*
 * profile.c - `hardinit profile`: seccomp profiles looked at without running anything.
 *
 *   check FILE|NAME|FILE.bpf   validate and summarise (a .bpf file: its header)
 *   compile FILE|NAME -o OUT   compile ahead of time, for --seccomp-bpf OUT
 *   pfc FILE|NAME              libseccomp's readable form of the rules, for review
 *   diff A B                   the syscalls whose action differs between two profiles
 *
 * --caps and --kernel say what the filter is for (default: this process's bounding set
 * and the running kernel); --no-tree compiles as runc and crun do, for comparison.
 */
#include <errno.h>
#include <getopt.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/harden.h"
#include "hardinit/notify.h"
#include "hardinit/seccomp.h"

#define USAGE                                                                                      \
    "usage: hardinit profile check FILE|NAME|FILE.bpf [--caps LIST] [--kernel X.Y]\n"              \
    "       hardinit profile compile FILE|NAME -o OUT.bpf [--caps LIST] [--kernel X.Y] "           \
    "[--no-tree]\n"                                                                                \
    "       hardinit profile pfc FILE|NAME [--caps LIST] [--kernel X.Y]\n"                         \
    "       hardinit profile diff A B [--caps LIST] [--kernel X.Y]\n"

enum verb {
    VERB_CHECK,
    VERB_COMPILE,
    VERB_PFC,
    VERB_DIFF,
};

struct profile_args {
    enum verb verb;
    const char *source;  /* a file or a built-in name */
    const char *source2; /* diff: the other one */
    const char *out;
    struct hi_seccomp_target target;
};

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "hardinit: profile: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", USAGE);
    va_end(ap);
    return 125;
}

static int parse_args(int argc, char **argv, struct profile_args *a)
{
    static const struct option longopts[] = {
        {"caps", required_argument, NULL, 'c'}, {"kernel", required_argument, NULL, 'k'},
        {"no-tree", no_argument, NULL, 't'},    {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return usage("%s", "which verb?");
    if (strcmp(argv[1], "check") == 0)
        a->verb = VERB_CHECK;
    else if (strcmp(argv[1], "compile") == 0)
        a->verb = VERB_COMPILE;
    else if (strcmp(argv[1], "pfc") == 0)
        a->verb = VERB_PFC;
    else if (strcmp(argv[1], "diff") == 0)
        a->verb = VERB_DIFF;
    else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return fputs(USAGE, stdout), 0;
    else
        return usage("unknown verb '%s'", argv[1]);

    a->target.caps = hi_caps_bounding_set();
    a->target.pfc_fd = -1;
    if (hi_kernel_current(&a->target.kernel) < 0)
        return usage("%s", "cannot read the running kernel's version");
    optind = 1;
    opterr = 0;
    int c;
    argc--, argv++;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        struct hi_error err = {0};
        bool all = false;
        switch (c) {
        case 'c':
            a->target.caps = 0;
            if (strcmp(optarg, "none") == 0) {
                /* an app with no capabilities at all */
            } else if (hi_caps_parse_list(optarg, true, &all, &a->target.caps, "--caps", &err) <
                       0) {
                fprintf(stderr, "hardinit: profile: %s: %s\n", err.step, err.msg);
                return 125;
            }
            if (all)
                a->target.caps = ~0ULL;
            break;
        case 'k':
            if (hi_kernel_parse(optarg, &a->target.kernel) < 0)
                return usage("--kernel '%s': expected MAJOR.MINOR (e.g. 5.15)", optarg);
            break;
        case 't':
            a->target.no_tree = true;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'h':
            return fputs(USAGE, stdout), 0;
        default:
            return usage("bad option '%s'", argv[optind - 1]);
        }
    }
    int want = a->verb == VERB_DIFF ? 2 : 1;
    if (optind != argc - want)
        return usage("%s", want == 2 ? "expected two profiles to compare"
                                     : "expected one profile (a file or default, strict, "
                                       "unconfined)");
    a->source = argv[optind];
    a->source2 = want == 2 ? argv[optind + 1] : NULL;
    if ((a->verb == VERB_COMPILE) != (a->out != NULL))
        return usage("%s", a->out ? "-o is for compile" : "compile needs -o OUT.bpf");
    if (a->verb != VERB_COMPILE && a->target.no_tree)
        return usage("%s", "--no-tree is for compile");
    return -1; /* go on */
}

static void print_summary(const char *source, const struct hi_seccomp_summary *sum,
                          const struct hi_bpf *bpf)
{
    printf("profile: %s\n", source);
    printf("default action: %s\n", sum->default_action);
    printf("architectures: %s\n", sum->arches);
    printf("entries: %zu applied, %zu excluded (caps, arches, minKernel)\n", sum->entries,
           sum->entries_excluded);
    printf("rules: %zu (and %zu with the default action, skipped)\n", sum->rules,
           sum->rules_default);
    printf("unknown syscall names skipped: %zu%s%s%s\n", sum->names_unknown,
           sum->names_unknown ? " (first: " : "", sum->first_unknown,
           sum->names_unknown ? ")" : "");
    if (sum->enosys_above)
        printf("syscalls above %d: ENOSYS\n", sum->enosys_above);
    printf("bpf: %u instructions\n", (unsigned)bpf->len);
}

static void print_header(const char *path, const struct hi_bpf_header *h)
{
    printf("filter: %s\n", path);
    printf("compiled from: %s (fnv1a %016llx)\n", h->source, (unsigned long long)h->source_hash);
    printf("built by: %s\n", h->built_by);
    printf("for capabilities: 0x%llx\n", (unsigned long long)h->caps);
    printf("for kernel: %u.%u and newer\n", h->kernel_major, h->kernel_minor);
    if (h->enosys_above)
        printf("syscalls above %u: ENOSYS\n", h->enosys_above);
    printf("flags: 0x%x\n", h->flags);
    printf("bpf: %u instructions\n", h->len);
}

static bool is_bpf_file(const char *path)
{
    char magic[sizeof(HI_BPF_MAGIC) - 1];
    FILE *f = fopen(path, "re");
    bool yes = f && fread(magic, 1, sizeof(magic), f) == sizeof(magic) &&
               memcmp(magic, HI_BPF_MAGIC, sizeof(magic)) == 0;
    if (f)
        fclose(f);
    return yes;
}

static int fail(const struct hi_error *err)
{
    fprintf(stderr, "hardinit: %s: %s\n", err->step, err->msg);
    return 125;
}

/* "ERRNO(EPERM)", "ALLOW", "KILL_PROCESS", ... */
static void describe(uint32_t action, char *buf, size_t size)
{
    static const struct {
        uint32_t action;
        const char *name;
    } names[] = {
        {SECCOMP_RET_KILL_PROCESS, "KILL_PROCESS"},
        {SECCOMP_RET_KILL_THREAD, "KILL_THREAD"},
        {SECCOMP_RET_TRAP, "TRAP"},
        {SECCOMP_RET_ERRNO, "ERRNO"},
        {SECCOMP_RET_USER_NOTIF, "NOTIFY"},
        {SECCOMP_RET_TRACE, "TRACE"},
        {SECCOMP_RET_LOG, "LOG"},
        {SECCOMP_RET_ALLOW, "ALLOW"},
    };
    uint32_t a = action & SECCOMP_RET_ACTION_FULL;
    const char *name = "?";
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].action == a)
            name = names[i].name;
    }
    if (a == SECCOMP_RET_ERRNO) {
        const char *e = strerrorname_np((int)(action & SECCOMP_RET_DATA));
        if (e)
            snprintf(buf, size, "ERRNO(%s)", e);
        else
            snprintf(buf, size, "ERRNO(%u)", action & SECCOMP_RET_DATA);
    } else {
        snprintf(buf, size, "%s", name);
    }
}

/*
 * What a program does with one syscall: its action for a few argument patterns; when
 * they differ, "ALLOW|ERRNO(EPERM) by arguments".
 */
static void verdict(const struct hi_bpf *bpf, int nr, char *buf, size_t size)
{
    static const uint64_t patterns[][6] = {
        {0, 0, 0, 0, 0, 0},
        {~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL},
        {1, 2, 3, 4, 5, 6},
        {0x8, 0x20000, 0x800, 40, 38, 16},
    };
    char first[48] = "", other[48] = "";
    for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
        struct seccomp_data d = {.nr = nr, .arch = seccomp_arch_native()};
        memcpy(d.args, patterns[p], sizeof(d.args));
        char now[48];
        describe(hi_bpf_run(bpf, &d), now, sizeof(now));
        if (!first[0])
            snprintf(first, sizeof(first), "%s", now);
        else if (strcmp(now, first) != 0 && !other[0])
            snprintf(other, sizeof(other), "%s", now);
    }
    if (other[0])
        snprintf(buf, size, "%s|%s by arguments", first, other);
    else
        snprintf(buf, size, "%s", first);
}

/* A profile's JSON: a built-in one's, or a file's. */
static int profile_text(const char *source, char **ret, size_t *ret_len, struct hi_error *err)
{
    const struct hi_builtin_profile *b = hi_builtin_profile(source);
    if (!b)
        return hi_read_file(source, HI_PROFILE_MAX_BYTES, "seccomp", ret, ret_len, err);
    if (!(*ret = strdup(b->json)))
        return hi_error_errno(err, ENOMEM, "profile", "%s", source);
    *ret_len = strlen(b->json);
    return 0;
}

/* A profile's program: a built-in one, a .bpf file, or a JSON file compiled for target. */
static int program_of(const char *source, const struct hi_seccomp_target *target,
                      struct hi_bpf *ret, struct hi_error *err)
{
    if (!hi_builtin_profile(source) && is_bpf_file(source))
        return hi_bpf_file_read(source, ret, NULL, err);
    _cleanup_free_ char *text = NULL;
    size_t len;
    int r = profile_text(source, &text, &len, err);
    return r < 0 ? r : hi_seccomp_compile(text, source, target, ret, NULL, err);
}

static int diff_main(const struct profile_args *a)
{
    struct hi_error err = {0};
    struct hi_bpf x = {0}, y = {0};
    if (program_of(a->source, &a->target, &x, &err) < 0 ||
        program_of(a->source2, &a->target, &y, &err) < 0) {
        hi_bpf_free(&x);
        return fail(&err);
    }
    size_t differ = 0, compared = 0;
    for (int nr = 0; nr < 1024; nr++) {
        char *name = seccomp_syscall_resolve_num_arch(seccomp_arch_native(), nr);
        if (!name)
            continue;
        char vx[112], vy[112];
        verdict(&x, nr, vx, sizeof(vx));
        verdict(&y, nr, vy, sizeof(vy));
        compared++;
        if (strcmp(vx, vy) != 0) {
            if (differ++ == 0)
                printf("%-24s %-34s %s\n", "syscall", a->source, a->source2);
            printf("%-24s %-34s %s\n", name, vx, vy);
        }
        free(name);
    }
    printf("%zu of %zu syscalls differ\n", differ, compared);
    hi_bpf_free(&x);
    hi_bpf_free(&y);
    return differ ? 1 : 0;
}

int hi_profile_main(int argc, char **argv)
{
    struct profile_args a = {0};
    int status = parse_args(argc, argv, &a);
    if (status >= 0)
        return status;
    if (a.verb == VERB_DIFF)
        return diff_main(&a);

    struct hi_error err = {0};
    if (a.verb == VERB_CHECK && !hi_builtin_profile(a.source) && is_bpf_file(a.source)) {
        struct hi_bpf bpf = {0};
        struct hi_bpf_header h;
        if (hi_bpf_file_read(a.source, &bpf, &h, &err) < 0)
            return fail(&err);
        print_header(a.source, &h);
        hi_bpf_free(&bpf);
        return 0;
    }

    _cleanup_free_ char *text = NULL;
    size_t len = 0;
    if (profile_text(a.source, &text, &len, &err) < 0)
        return fail(&err);
    if (a.verb == VERB_PFC)
        a.target.pfc_fd = STDOUT_FILENO;
    fflush(stdout);
    struct hi_bpf bpf = {0};
    struct hi_seccomp_summary sum;
    if (hi_seccomp_compile(text, a.source, &a.target, &bpf, &sum, &err) < 0)
        return fail(&err);

    int r = 0;
    if (a.verb == VERB_CHECK) {
        print_summary(a.source, &sum, &bpf);
    } else if (a.verb == VERB_COMPILE) {
        const struct scmp_version *v = seccomp_version();
        struct hi_bpf_header h = {
            .arch = seccomp_arch_native(),
            .flags = bpf.flags,
            .len = bpf.len,
            .enosys_above = (uint32_t)sum.enosys_above,
            .caps = a.target.caps,
            .kernel_major = a.target.kernel.major,
            .kernel_minor = a.target.kernel.minor,
            .source_hash = hi_fnv1a(text, len),
            .insns_hash = hi_fnv1a(bpf.insns, bpf.len * sizeof(*bpf.insns)),
        };
        memcpy(h.magic, HI_BPF_MAGIC, sizeof(h.magic));
        snprintf(h.source, sizeof(h.source), "%s", a.source);
        snprintf(h.built_by, sizeof(h.built_by), "hardinit %s libseccomp %u.%u.%u%s",
                 HARDINIT_VERSION, v->major, v->minor, v->micro,
                 a.target.no_tree ? " no-tree" : "");
        r = hi_bpf_file_write(a.out, &bpf, &h, &err);
        if (r == 0)
            printf("%s: %u instructions from %s\n", a.out, h.len, a.source);
    }
    hi_bpf_free(&bpf);
    return r < 0 ? fail(&err) : 0;
}
