/* SPDX-License-Identifier: MIT */
/*
 * seccomp.c - OCI and Docker seccomp profiles, compiled with libseccomp in the parent.
 *
 * The format: defaultAction, defaultErrnoRet, architectures | archMap, flags, syscalls[]
 * with names (or the deprecated name), action, errnoRet, args (index, value, valueTwo,
 * op), comment, includes/excludes {caps, arches, minKernel}. Unknown keys are errors: a
 * field we do not understand could change what is allowed. Every error names
 * file:line:column and the field ("syscalls[3].action").
 *
 * Translation follows runc: several conditions on one argument index become separate
 * rules (OR); rules whose action is the default are skipped (libseccomp refuses them);
 * a name this libseccomp does not know is skipped where the rule is more permissive than
 * the default and an error where it denies (a deny rule that vanished would be a hole);
 * the binary-tree optimisation is on above 32 rules. The result is exported as BPF, so
 * the child loads it with one seccomp(2) call and never touches libseccomp.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "hardinit/file.h"
#include "hardinit/harden.h"
#include "hardinit/jsonpos.h"
#include "hardinit/log.h"
#include "hardinit/parse.h"
#include "hardinit/seccomp.h"

#define MAX_DEPTH 8 /* syscalls[i].includes.caps[k] is the deepest: 5 */

struct syscall_state {
    int nr;
    bool uncond;     /* an unconditional rule was added */
    uint32_t action; /* its action */
    bool cond;       /* a conditional rule was added */
    uint32_t cond_action;
};

struct compiler {
    const char *text, *file;
    struct hi_error *err;
    scmp_filter_ctx sc;
    uint32_t def;       /* the default action */
    uint32_t def_errno; /* defaultErrnoRet, or EPERM */
    const struct hi_seccomp_target *target;
    struct hi_seccomp_summary *sum;
    struct syscall_state *seen;
    size_t n_seen, cap_seen;
    int max_nr; /* the highest native syscall number the profile names */
    /* the JSON path of the value being read, for errors */
    struct hi_json_step path[MAX_DEPTH];
    size_t depth;
};

static void path_push_key(struct compiler *c, const char *key)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth++] = (struct hi_json_step){.key = key};
}

static void path_push_index(struct compiler *c, size_t i)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth++] = (struct hi_json_step){.key = NULL, .index = i};
}

static void path_pop(struct compiler *c)
{
    c->depth--;
}

/* An error about the value at the current path: "FILE:LINE:COL: syscalls[3].action: ..." */
static int fail(struct compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct compiler *c, const char *fmt, ...)
{
    int line = 0, col = 0;
    /* A missing field is reported where its object is. */
    for (size_t d = c->depth + 1; d-- > 0;) {
        if (hi_json_locate(c->text, c->path, d, 0, &line, &col) == 0)
            break;
    }
    char field[128] = "";
    size_t len = 0;
    for (size_t i = 0; i < c->depth && len < sizeof(field); i++) {
        if (c->path[i].key)
            len += (size_t)snprintf(field + len, sizeof(field) - len, "%s%s", i ? "." : "",
                                    c->path[i].key);
        else
            len += (size_t)snprintf(field + len, sizeof(field) - len, "[%zu]", c->path[i].index);
    }
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return hi_error_set(c->err, EINVAL, "seccomp", "%s:%d:%d: %s%s%s", c->file, line, col, field,
                        *field ? ": " : "", msg);
}

static int check_keys(struct compiler *c, json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(key, *k) == 0;
        if (!ok) {
            path_push_key(c, key);
            int r = fail(c, "unknown field");
            path_pop(c);
            return r;
        }
    }
    return 0;
}

static bool is_deny(uint32_t action)
{
    return action != SCMP_ACT_ALLOW && action != SCMP_ACT_LOG;
}

/* "SCMP_ACT_ERRNO" with errnoRet (may be NULL) into a libseccomp action. */
static int parse_action(struct compiler *c, json_t *v, json_t *errno_ret, uint32_t *ret)
{
    static const struct {
        const char *name;
        uint32_t action;
        bool takes_errno;
    } actions[] = {
        {"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false},
        {"SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), true},
        {"SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD, false},
        {"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, false},
        {"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, false},
        {"SCMP_ACT_TRAP", SCMP_ACT_TRAP, false},
        {"SCMP_ACT_LOG", SCMP_ACT_LOG, false},
        {"SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), true},
    };
    if (!json_is_string(v))
        return fail(c, "expected an action name (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, ...)");
    const char *name = json_string_value(v);
    if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
        return fail(c, "SCMP_ACT_NOTIFY needs a supervisor: not supported here");
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (strcmp(name, actions[i].name) != 0)
            continue;
        uint32_t action = actions[i].action;
        if (errno_ret && !actions[i].takes_errno) {
            path_pop(c);
            path_push_key(c, "errnoRet");
            return fail(c, "errnoRet is only for SCMP_ACT_ERRNO and SCMP_ACT_TRACE");
        }
        if (actions[i].takes_errno) {
            uint32_t e = c->def_errno;
            if (errno_ret) {
                json_int_t n = json_is_integer(errno_ret) ? json_integer_value(errno_ret) : -1;
                if (n < 0 || n > 4095) {
                    path_pop(c);
                    path_push_key(c, "errnoRet");
                    return fail(c, "expected an errno number 0-4095");
                }
                e = (uint32_t)n;
            }
            action = action == SCMP_ACT_ERRNO(0) ? SCMP_ACT_ERRNO(e) : SCMP_ACT_TRACE(e);
        }
        *ret = action;
        return 0;
    }
    return fail(c, "unknown action '%s'", name);
}

/* "SCMP_ARCH_X86_64" into libseccomp's token, 0 when unknown. */
static uint32_t arch_token(const char *name)
{
    if (strncmp(name, "SCMP_ARCH_", 10) != 0)
        return 0;
    char lower[32];
    size_t n = strlen(name + 10);
    if (n == 0 || n >= sizeof(lower))
        return 0;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)name[10 + i]);
    return seccomp_arch_resolve_name(lower);
}

static int add_arch(struct compiler *c, json_t *v)
{
    uint32_t tok = json_is_string(v) ? arch_token(json_string_value(v)) : 0;
    if (!tok)
        return fail(c, "unknown architecture");
    int r = seccomp_arch_add(c->sc, tok);
    if (r < 0 && r != -EEXIST)
        return fail(c, "cannot add the architecture: %s", strerror(-r));
    size_t len = strlen(c->sum->arches);
    snprintf(c->sum->arches + len, sizeof(c->sum->arches) - len, "%s%s", len ? " " : "",
             json_string_value(v) + 10);
    return 0;
}

/* architectures[] or archMap[] (the entry of our native architecture, and its subs). */
static int setup_arches(struct compiler *c, json_t *root)
{
    json_t *list = json_object_get(root, "architectures");
    json_t *map = json_object_get(root, "archMap");
    size_t i;
    json_t *v;
    if (list && map) {
        path_push_key(c, "archMap");
        int r = fail(c, "give architectures or archMap, not both");
        path_pop(c);
        return r;
    }
    if (list) {
        path_push_key(c, "architectures");
        if (!json_is_array(list))
            return fail(c, "expected an array of SCMP_ARCH_ names");
        json_array_foreach(list, i, v)
        {
            path_push_index(c, i);
            int r = add_arch(c, v);
            path_pop(c);
            if (r < 0)
                return r;
        }
        path_pop(c);
    } else if (map) {
        path_push_key(c, "archMap");
        if (!json_is_array(map))
            return fail(c, "expected an array");
        json_array_foreach(map, i, v)
        {
            path_push_index(c, i);
            static const char *const known[] = {"architecture", "subArchitectures", NULL};
            json_t *arch = json_is_object(v) ? json_object_get(v, "architecture") : NULL;
            json_t *subs = json_is_object(v) ? json_object_get(v, "subArchitectures") : NULL;
            if (!json_is_object(v) || check_keys(c, v, known) < 0 || !json_is_string(arch))
                return c->err->msg[0] ? -EINVAL
                                      : fail(c, "expected {architecture, subArchitectures}");
            /* An architecture this libseccomp does not know is not ours: skip it. */
            uint32_t tok = arch_token(json_string_value(arch));
            if (strncmp(json_string_value(arch), "SCMP_ARCH_", 10) != 0) {
                path_push_key(c, "architecture");
                return fail(c, "expected an SCMP_ARCH_ name");
            }
            if (tok && tok == seccomp_arch_native()) {
                int r = add_arch(c, arch);
                size_t j;
                json_t *s;
                if (subs && !json_is_array(subs) && !json_is_null(subs)) {
                    path_push_key(c, "subArchitectures");
                    return fail(c, "expected an array");
                }
                json_array_foreach(subs, j, s)
                {
                    path_push_key(c, "subArchitectures");
                    path_push_index(c, j);
                    if (r == 0)
                        r = add_arch(c, s);
                    path_pop(c);
                    path_pop(c);
                }
                if (r < 0)
                    return r;
            }
            path_pop(c);
        }
        path_pop(c);
    }
    if (!c->sum->arches[0])
        snprintf(c->sum->arches, sizeof(c->sum->arches), "native");
    return 0;
}

/* The Go names docker uses in includes/excludes arches, for our architecture. */
static bool arch_matches(const char *name)
{
    uint32_t native = seccomp_arch_native();
    static const struct {
        const char *name;
        uint32_t token;
    } go[] = {
        {"amd64", SCMP_ARCH_X86_64},  {"x86_64", SCMP_ARCH_X86_64},
        {"386", SCMP_ARCH_X86},       {"x86", SCMP_ARCH_X86},
        {"arm64", SCMP_ARCH_AARCH64}, {"aarch64", SCMP_ARCH_AARCH64},
        {"arm", SCMP_ARCH_ARM},       {"ppc64le", SCMP_ARCH_PPC64LE},
        {"s390x", SCMP_ARCH_S390X},   {"riscv64", SCMP_ARCH_RISCV64},
    };
    for (size_t i = 0; i < sizeof(go) / sizeof(go[0]); i++) {
        if (strcmp(name, go[i].name) == 0)
            return go[i].token == native;
    }
    return false;
}

int hi_kernel_parse(const char *s, struct hi_kernel *k)
{
    char buf[32];
    size_t dot = strcspn(s, ".");
    if (dot == 0 || dot >= sizeof(buf) || s[dot] != '.')
        return -EINVAL;
    memcpy(buf, s, dot);
    buf[dot] = '\0';
    uint64_t major, minor;
    const char *rest = s + dot + 1;
    size_t mlen = strspn(rest, "0123456789");
    char mbuf[16];
    if (mlen == 0 || mlen >= sizeof(mbuf))
        return -EINVAL;
    memcpy(mbuf, rest, mlen);
    mbuf[mlen] = '\0';
    if (hi_parse_uint(buf, 0, 1000, &major) < 0 || hi_parse_uint(mbuf, 0, 1000, &minor) < 0)
        return -EINVAL;
    k->major = (unsigned)major;
    k->minor = (unsigned)minor;
    return 0;
}

int hi_kernel_current(struct hi_kernel *ret)
{
    struct utsname u;
    if (uname(&u) < 0)
        return -errno;
    return hi_kernel_parse(u.release, ret);
}

static bool kernel_at_least(const struct hi_kernel *k, const struct hi_kernel *min)
{
    return k->major > min->major || (k->major == min->major && k->minor >= min->minor);
}

/* includes (want = true) or excludes: does this entry apply to us? *ret_applies. */
static int judge(struct compiler *c, json_t *cond, bool include, bool *applies)
{
    static const char *const known[] = {"caps", "arches", "minKernel", NULL};
    if (!json_is_object(cond))
        return fail(c, "expected an object {caps, arches, minKernel}");
    if (check_keys(c, cond, known) < 0)
        return -EINVAL;
    json_t *caps = json_object_get(cond, "caps");
    json_t *arches = json_object_get(cond, "arches");
    json_t *minkernel = json_object_get(cond, "minKernel");
    size_t i;
    json_t *v;
    if (caps) {
        path_push_key(c, "caps");
        if (!json_is_array(caps))
            return fail(c, "expected an array of capability names");
        bool all = true, any = false;
        json_array_foreach(caps, i, v)
        {
            uint64_t mask = 0;
            bool unused = false;
            path_push_index(c, i);
            if (!json_is_string(v) ||
                hi_caps_parse_list(json_string_value(v), false, &unused, &mask, "x", NULL) < 0)
                return fail(c, "unknown capability");
            path_pop(c);
            bool has = (c->target->caps & mask) != 0;
            all = all && has;
            any = any || has;
        }
        path_pop(c);
        if (json_array_size(caps) > 0 && (include ? !all : any))
            *applies = false;
    }
    if (arches) {
        path_push_key(c, "arches");
        if (!json_is_array(arches))
            return fail(c, "expected an array");
        bool match = false;
        json_array_foreach(arches, i, v)
        {
            if (!json_is_string(v)) {
                path_push_index(c, i);
                return fail(c, "expected an architecture name");
            }
            match = match || arch_matches(json_string_value(v));
        }
        path_pop(c);
        if (json_array_size(arches) > 0 && (include ? !match : match))
            *applies = false;
    }
    if (minkernel) {
        path_push_key(c, "minKernel");
        struct hi_kernel min;
        if (!json_is_string(minkernel) || hi_kernel_parse(json_string_value(minkernel), &min) < 0)
            return fail(c, "expected a kernel version \"MAJOR.MINOR\"");
        path_pop(c);
        bool newer = kernel_at_least(&c->target->kernel, &min);
        if (include ? !newer : newer)
            *applies = false;
    }
    return 0;
}

static int parse_args(struct compiler *c, json_t *args, struct scmp_arg_cmp *conds, unsigned *ret_n)
{
    static const struct {
        const char *name;
        enum scmp_compare op;
    } ops[] = {
        {"SCMP_CMP_NE", SCMP_CMP_NE},
        {"SCMP_CMP_LT", SCMP_CMP_LT},
        {"SCMP_CMP_LE", SCMP_CMP_LE},
        {"SCMP_CMP_EQ", SCMP_CMP_EQ},
        {"SCMP_CMP_GE", SCMP_CMP_GE},
        {"SCMP_CMP_GT", SCMP_CMP_GT},
        {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
    };
    static const char *const known[] = {"index", "value", "valueTwo", "op", NULL};
    if (!json_is_array(args))
        return fail(c, "expected an array");
    if (json_array_size(args) > 6)
        return fail(c, "at most 6 conditions");
    size_t i;
    json_t *a;
    json_array_foreach(args, i, a)
    {
        path_push_index(c, i);
        if (!json_is_object(a))
            return fail(c, "expected {index, value, valueTwo, op}");
        if (check_keys(c, a, known) < 0)
            return -EINVAL;
        json_t *index = json_object_get(a, "index"), *value = json_object_get(a, "value");
        json_t *two = json_object_get(a, "valueTwo"), *op = json_object_get(a, "op");
        const char *field = !json_is_integer(index) || json_integer_value(index) < 0 ||
                                    json_integer_value(index) > 5
                                ? "index"
                            : !json_is_integer(value) || json_integer_value(value) < 0 ? "value"
                            : two && (!json_is_integer(two) || json_integer_value(two) < 0)
                                ? "valueTwo"
                                : NULL;
        if (field) {
            path_push_key(c, field);
            return fail(c, strcmp(field, "index") == 0 ? "expected an argument index 0-5"
                                                       : "expected a non-negative integer");
        }
        size_t k = 0;
        while (k < sizeof(ops) / sizeof(ops[0]) &&
               (!json_is_string(op) || strcmp(json_string_value(op), ops[k].name) != 0))
            k++;
        if (k == sizeof(ops) / sizeof(ops[0])) {
            path_push_key(c, "op");
            return fail(c, "unknown operator (SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, ...)");
        }
        conds[i] = (struct scmp_arg_cmp){
            .arg = (unsigned)json_integer_value(index),
            .op = ops[k].op,
            .datum_a = (scmp_datum_t)json_integer_value(value),
            .datum_b = two ? (scmp_datum_t)json_integer_value(two) : 0,
        };
        path_pop(c);
    }
    *ret_n = (unsigned)json_array_size(args);
    return 0;
}

static struct syscall_state *state_of(struct compiler *c, int nr)
{
    for (size_t i = 0; i < c->n_seen; i++) {
        if (c->seen[i].nr == nr)
            return &c->seen[i];
    }
    if (c->n_seen == c->cap_seen) {
        size_t cap = c->cap_seen ? c->cap_seen * 2 : 256;
        struct syscall_state *s = realloc(c->seen, cap * sizeof(*s));
        if (!s)
            return NULL;
        c->seen = s;
        c->cap_seen = cap;
    }
    c->seen[c->n_seen] = (struct syscall_state){.nr = nr};
    return &c->seen[c->n_seen++];
}

/*
 * One rule into libseccomp. An unconditional rule silently replaces conditional ones on
 * the same syscall in libseccomp (FACTS): the same action is merged, different ones are
 * an error.
 */
static int add_rule(struct compiler *c, const char *name, int nr, uint32_t action,
                    const struct scmp_arg_cmp *conds, unsigned n)
{
    struct syscall_state *s = state_of(c, nr);
    if (!s)
        return hi_error_errno(c->err, ENOMEM, "seccomp", "rules");
    if ((n == 0 && s->cond && s->cond_action != action) ||
        (n > 0 && s->uncond && s->action != action))
        return fail(c, "'%s' has conditional and unconditional rules with different actions", name);
    if (n > 0 && s->uncond)
        return 0; /* the unconditional rule already decides */
    int r = seccomp_rule_add_array(c->sc, action, nr, n, conds);
    if (r < 0)
        return fail(c, "'%s': libseccomp refused the rule: %s", name, strerror(-r));
    c->sum->rules++;
    if (n == 0) {
        s->uncond = true;
        s->action = action;
    } else {
        s->cond = true;
        s->cond_action = action;
    }
    return 0;
}

static int add_entry_rules(struct compiler *c, const char *name, uint32_t action,
                           const struct scmp_arg_cmp *conds, unsigned n)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) {
        if (is_deny(action) && !is_deny(c->def))
            return fail(c, "'%s' is unknown to this libseccomp: a deny rule cannot be dropped",
                        name);
        hi_debug("seccomp: skipping '%s', unknown to this libseccomp", name);
        if (!c->sum->names_unknown++)
            snprintf(c->sum->first_unknown, sizeof(c->sum->first_unknown), "%s", name);
        return 0;
    }
    /* Several conditions on one index: each is its own rule (OR), as runc does. */
    bool repeated = false;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++)
            repeated = repeated || conds[i].arg == conds[j].arg;
    if (!repeated)
        return add_rule(c, name, nr, action, conds, n);
    for (unsigned i = 0; i < n; i++) {
        int r = add_rule(c, name, nr, action, &conds[i], 1);
        if (r < 0)
            return r;
    }
    return 0;
}

static int add_entry(struct compiler *c, json_t *e)
{
    static const char *const known[] = {"names",   "name",     "action",   "errnoRet", "args",
                                        "comment", "includes", "excludes", NULL};
    if (!json_is_object(e))
        return fail(c, "expected an object");
    if (check_keys(c, e, known) < 0)
        return -EINVAL;

    bool applies = true;
    json_t *inc = json_object_get(e, "includes"), *exc = json_object_get(e, "excludes");
    if (inc) {
        path_push_key(c, "includes");
        if (judge(c, inc, true, &applies) < 0)
            return -EINVAL;
        path_pop(c);
    }
    if (exc) {
        path_push_key(c, "excludes");
        if (judge(c, exc, false, &applies) < 0)
            return -EINVAL;
        path_pop(c);
    }

    json_t *names = json_object_get(e, "names"), *name = json_object_get(e, "name");
    if (names && name) {
        path_push_key(c, "name");
        return fail(c, "give names or name, not both");
    }
    if (!names && !name)
        return fail(c, "no names");
    if (names && (!json_is_array(names) || json_array_size(names) == 0)) {
        path_push_key(c, "names");
        return fail(c, "expected a non-empty array of syscall names");
    }
    if (name && !json_is_string(name)) {
        path_push_key(c, "name");
        return fail(c, "expected a syscall name");
    }

    /* Every name counts for the ENOSYS stub, whether or not its entry applies here. */
    for (size_t k = 0; k < (names ? json_array_size(names) : 1); k++) {
        json_t *nv = names ? json_array_get(names, k) : name;
        int nr = json_is_string(nv) ? seccomp_syscall_resolve_name(json_string_value(nv)) : -1;
        if (nr > c->max_nr)
            c->max_nr = nr;
    }

    uint32_t action;
    path_push_key(c, "action");
    if (parse_action(c, json_object_get(e, "action"), json_object_get(e, "errnoRet"), &action) < 0)
        return -EINVAL;
    path_pop(c);

    struct scmp_arg_cmp conds[6];
    unsigned n = 0;
    json_t *args = json_object_get(e, "args");
    if (args && !json_is_null(args)) {
        path_push_key(c, "args");
        if (parse_args(c, args, conds, &n) < 0)
            return -EINVAL;
        path_pop(c);
    }
    if (!applies) {
        c->sum->entries_excluded++;
        return 0;
    }
    c->sum->entries++;
    if (action == c->def) {
        c->sum->rules_default++;
        return 0;
    }
    if (name)
        return add_entry_rules(c, json_string_value(name), action, conds, n);
    size_t i;
    json_t *v;
    json_array_foreach(names, i, v)
    {
        path_push_key(c, "names");
        path_push_index(c, i);
        if (!json_is_string(v))
            return fail(c, "expected a syscall name");
        int r = add_entry_rules(c, json_string_value(v), action, conds, n);
        if (r < 0)
            return r;
        path_pop(c);
        path_pop(c);
    }
    return 0;
}

static int parse_flags(struct compiler *c, json_t *flags, unsigned *ret)
{
    static const struct {
        const char *name;
        unsigned flag;
    } known[] = {
        {"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC},
        {"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
        {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
    };
    size_t i;
    json_t *v;
    if (!json_is_array(flags))
        return fail(c, "expected an array of SECCOMP_FILTER_FLAG_ names");
    json_array_foreach(flags, i, v)
    {
        size_t k = 0;
        while (k < 3 && (!json_is_string(v) || strcmp(json_string_value(v), known[k].name)))
            k++;
        if (k == 3) {
            path_push_index(c, i);
            return fail(c, "unknown flag");
        }
        *ret |= known[k].flag;
    }
    return 0;
}

/* The filter as BPF: libseccomp 2.5 exports to a file descriptor only. */
static int export_bpf(struct compiler *c, struct hi_bpf *ret)
{
    int fd = memfd_create("hardinit-seccomp", MFD_CLOEXEC);
    if (fd < 0)
        return hi_error_errno(c->err, errno, "seccomp", "memfd_create");
    int r = seccomp_export_bpf(c->sc, fd);
    off_t size = r == 0 ? lseek(fd, 0, SEEK_END) : -1;
    if (r < 0 || size <= 0 || size % (off_t)sizeof(struct sock_filter) != 0 ||
        size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS) {
        close(fd);
        return hi_error_set(c->err, r < 0 ? -r : E2BIG, "seccomp",
                            "%s: the filter does not fit in BPF (%lld bytes)", c->file,
                            (long long)size);
    }
    ret->insns = malloc((size_t)size);
    ssize_t n = ret->insns ? pread(fd, ret->insns, (size_t)size, 0) : -1;
    close(fd);
    if (n != size) {
        free(ret->insns);
        ret->insns = NULL;
        return hi_error_errno(c->err, n < 0 ? errno : EIO, "seccomp", "reading the BPF");
    }
    ret->len = (unsigned short)(size / (off_t)sizeof(struct sock_filter));
    return 0;
}

/*
 * runc's ENOSYS rule: a syscall newer than anything the profile names returns ENOSYS, not
 * the default EPERM, so that glibc and language runtimes fall back (the clone3 lesson).
 * Prepended for the native architecture only (other architectures go straight to the
 * filter); on x86_64 an x32 call (bit 30) goes to the filter too. BPF jumps are relative,
 * so the filter after the stub is unchanged.
 */
static int add_enosys_stub(struct compiler *c, struct hi_bpf *bpf)
{
    if (!is_deny(c->def) || c->max_nr <= 0)
        return 0; /* a permissive default already lets newer calls through */
    uint32_t native = seccomp_arch_native();
    bool x86_64 = native == SCMP_ARCH_X86_64;
    struct sock_filter stub[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, native, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x40000000, 2, 0), /* x32: the filter decides */
        BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (uint32_t)c->max_nr, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
    };
    if (!x86_64)
        stub[3] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0); /* no x32 elsewhere */
    size_t n = sizeof(stub) / sizeof(stub[0]);
    if (bpf->len + n > BPF_MAXINSNS)
        return hi_error_set(c->err, E2BIG, "seccomp", "%s: the filter does not fit in BPF",
                            c->file);
    struct sock_filter *all = malloc((bpf->len + n) * sizeof(*all));
    if (!all)
        return hi_error_errno(c->err, ENOMEM, "seccomp", "BPF");
    memcpy(all, stub, sizeof(stub));
    memcpy(all + n, bpf->insns, bpf->len * sizeof(*all));
    free(bpf->insns);
    bpf->insns = all;
    bpf->len = (unsigned short)(bpf->len + n);
    return 0;
}

static int compile_root(struct compiler *c, json_t *root, struct hi_bpf *ret)
{
    static const char *const known[] = {
        "defaultAction", "defaultErrnoRet", "architectures", "archMap", "flags", "syscalls", NULL};
    if (!json_is_object(root))
        return fail(c, "expected a JSON object");
    if (check_keys(c, root, known) < 0)
        return -EINVAL;

    json_t *der = json_object_get(root, "defaultErrnoRet");
    c->def_errno = EPERM;
    if (der) {
        path_push_key(c, "defaultErrnoRet");
        if (!json_is_integer(der) || json_integer_value(der) < 0 || json_integer_value(der) > 4095)
            return fail(c, "expected an errno number 0-4095");
        c->def_errno = (uint32_t)json_integer_value(der);
        path_pop(c);
    }
    path_push_key(c, "defaultAction");
    json_t *da = json_object_get(root, "defaultAction");
    if (!da)
        return fail(c, "missing");
    if (parse_action(c, da, NULL, &c->def) < 0)
        return -EINVAL;
    snprintf(c->sum->default_action, sizeof(c->sum->default_action), "%s", json_string_value(da));
    path_pop(c);

    c->sc = seccomp_init(c->def);
    if (!c->sc)
        return hi_error_set(c->err, EINVAL, "seccomp", "%s: libseccomp refused the default action",
                            c->file);
    seccomp_attr_set(c->sc, SCMP_FLTATR_API_SYSRAWRC, 1);
    seccomp_attr_set(c->sc, SCMP_FLTATR_CTL_NNP, 0); /* hardinit sets no_new_privs itself */
    if (setup_arches(c, root) < 0)
        return -EINVAL;

    json_t *flags = json_object_get(root, "flags");
    if (flags) {
        path_push_key(c, "flags");
        if (parse_flags(c, flags, &ret->flags) < 0)
            return -EINVAL;
        path_pop(c);
    }
    json_t *syscalls = json_object_get(root, "syscalls");
    if (syscalls) {
        path_push_key(c, "syscalls");
        if (!json_is_array(syscalls))
            return fail(c, "expected an array");
        size_t i;
        json_t *e;
        json_array_foreach(syscalls, i, e)
        {
            path_push_index(c, i);
            if (add_entry(c, e) < 0)
                return -EINVAL;
            c->depth = 2; /* back to syscalls[i], whatever add_entry pushed */
            path_pop(c);
        }
        path_pop(c);
    }
    /* runc's threshold; 2.5.4 misbehaves with 0 rules */
    if (c->sum->rules > 32 && !c->target->no_tree)
        seccomp_attr_set(c->sc, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    if (c->target->pfc_fd >= 0 && seccomp_export_pfc(c->sc, c->target->pfc_fd) < 0)
        return hi_error_set(c->err, EIO, "seccomp", "%s: writing the PFC text", c->file);
    int r = export_bpf(c, ret);
    if (r == 0)
        r = add_enosys_stub(c, ret);
    if (r == 0 && c->max_nr > 0 && is_deny(c->def))
        c->sum->enosys_above = c->max_nr;
    return r;
}

int hi_seccomp_compile(const char *text, const char *path, const struct hi_seccomp_target *target,
                       struct hi_bpf *ret, struct hi_seccomp_summary *summary, struct hi_error *err)
{
    struct hi_error local;
    if (!err)
        err = &local;
    struct hi_seccomp_summary sum = {.default_action = ""};
    struct compiler c = {.text = text, .file = path, .err = err, .target = target, .sum = &sum};
    struct hi_bpf bpf = {0};
    json_error_t jerr;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    int r;
    if (!root)
        r = hi_error_set(err, EINVAL, "seccomp", "%s:%d:%d: %s", path, jerr.line, jerr.column,
                         jerr.text);
    else
        r = compile_root(&c, root, &bpf);
    json_decref(root);
    if (c.sc)
        seccomp_release(c.sc);
    free(c.seen);
    if (r < 0) {
        free(bpf.insns);
        return r;
    }
    *ret = bpf;
    if (summary)
        *summary = sum;
    return 0;
}

void hi_bpf_free(struct hi_bpf *bpf)
{
    free(bpf->insns);
    bpf->insns = NULL;
    bpf->len = 0;
}

const struct hi_builtin_profile *hi_builtin_profile(const char *name)
{
    for (const struct hi_builtin_profile *b = hi_builtin_profiles; b->name; b++) {
        if (strcmp(b->name, name) == 0)
            return b;
    }
    return NULL;
}

int hi_seccomp_load(const struct hi_bpf *bpf)
{
    struct sock_fprog prog = {.len = bpf->len, .filter = bpf->insns};
    long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, bpf->flags, &prog);
    return r < 0 ? -errno : (int)r;
}
