/* SPDX-License-Identifier: MIT */
/*
 * seccomp_notify.c - hardinit as the app's seccomp supervisor (see notify.h): the
 * programs the child loads, the hand-over of the listener, the answers, the report and
 * the learned profile.
 *
 * The notification ioctls are made directly rather than through libseccomp's
 * seccomp_notify_*(): those turn every ioctl failure into -ECANCELED, and the loop has to
 * tell "the caller died meanwhile" (ENOENT: go on) from a broken listener.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"
#include "hardinit/jsonpos.h"
#include "hardinit/log.h"
#include "hardinit/notify.h"

#define MAX_KEYS  2048 /* distinct (architecture, syscall) pairs; a power of two */
#define EXE_MAX   160
#define LEARN_MAX (1 << 20)

/* ---------------------------------------------------------------- the BPF interpreter */

uint32_t hi_bpf_run(const struct hi_bpf *bpf, const struct seccomp_data *d)
{
    uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {0};
    const unsigned char *data = (const unsigned char *)d;
    for (unsigned pc = 0; pc < bpf->len; pc++) {
        const struct sock_filter *f = &bpf->insns[pc];
        uint32_t k = f->k, src = BPF_SRC(f->code) == BPF_X ? x : k;
        bool cond;
        switch (BPF_CLASS(f->code)) {
        case BPF_LD:
        case BPF_LDX: {
            uint32_t v;
            if (BPF_MODE(f->code) == BPF_ABS && BPF_CLASS(f->code) == BPF_LD &&
                BPF_SIZE(f->code) == BPF_W && k % 4 == 0 && k <= sizeof(*d) - 4)
                memcpy(&v, data + k, 4);
            else if (BPF_MODE(f->code) == BPF_IMM)
                v = k;
            else if (BPF_MODE(f->code) == BPF_MEM && k < BPF_MEMWORDS)
                v = mem[k];
            else if (BPF_MODE(f->code) == BPF_LEN)
                v = sizeof(*d);
            else
                return SECCOMP_RET_KILL_THREAD;
            *(BPF_CLASS(f->code) == BPF_LD ? &a : &x) = v;
            break;
        }
        case BPF_ST:
        case BPF_STX:
            if (k >= BPF_MEMWORDS)
                return SECCOMP_RET_KILL_THREAD;
            mem[k] = BPF_CLASS(f->code) == BPF_ST ? a : x;
            break;
        case BPF_ALU:
            switch (BPF_OP(f->code)) {
            case BPF_ADD:
                a += src;
                break;
            case BPF_SUB:
                a -= src;
                break;
            case BPF_MUL:
                a *= src;
                break;
            case BPF_DIV:
            case BPF_MOD:
                if (src == 0)
                    return SECCOMP_RET_KILL_THREAD;
                a = BPF_OP(f->code) == BPF_DIV ? a / src : a % src;
                break;
            case BPF_OR:
                a |= src;
                break;
            case BPF_AND:
                a &= src;
                break;
            case BPF_XOR:
                a ^= src;
                break;
            case BPF_LSH:
                a = src < 32 ? a << src : 0;
                break;
            case BPF_RSH:
                a = src < 32 ? a >> src : 0;
                break;
            case BPF_NEG:
                a = -a;
                break;
            default:
                return SECCOMP_RET_KILL_THREAD;
            }
            break;
        case BPF_JMP:
            switch (BPF_OP(f->code)) {
            case BPF_JA:
                if (k >= bpf->len - pc - 1)
                    return SECCOMP_RET_KILL_THREAD;
                pc += k;
                continue;
            case BPF_JEQ:
                cond = a == src;
                break;
            case BPF_JGT:
                cond = a > src;
                break;
            case BPF_JGE:
                cond = a >= src;
                break;
            case BPF_JSET:
                cond = (a & src) != 0;
                break;
            default:
                return SECCOMP_RET_KILL_THREAD;
            }
            if ((unsigned)(cond ? f->jt : f->jf) >= bpf->len - pc - 1)
                return SECCOMP_RET_KILL_THREAD;
            pc += cond ? f->jt : f->jf;
            break;
        case BPF_RET:
            if (BPF_RVAL(f->code) == BPF_K)
                return k;
            return BPF_RVAL(f->code) == BPF_A ? a : SECCOMP_RET_KILL_THREAD;
        case BPF_MISC:
            if (BPF_MISCOP(f->code) == BPF_TAX)
                x = a;
            else
                a = x;
            break;
        default:
            return SECCOMP_RET_KILL_THREAD;
        }
    }
    return SECCOMP_RET_KILL_THREAD; /* ran off the end */
}

/* ---------------------------------------------------------------- the programs */

#define ARG_LO(i) ((uint32_t)(offsetof(struct seccomp_data, args) + 8 * (i) + LO_OFF))
#define ARG_HI(i) ((uint32_t)(offsetof(struct seccomp_data, args) + 8 * (i) + 4 - LO_OFF))
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LO_OFF 0
#else
#define LO_OFF 4
#endif

/*
 * Learn mode: everything to the supervisor, but for the calls that must not wait for
 * one: the child's sendmsg of the listener (the supervisor does not have it yet), and
 * exit and exit_group (a child whose exec failed is waited for before it is served).
 */
static int learn_program(int sock_fd, struct hi_bpf *ret)
{
    enum { ALLOW = 12, NOTIFY = 13 };
    const struct sock_filter prog[] = {
        /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, seccomp_arch_native(), 0, NOTIFY - 2),
        /* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        /* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit, ALLOW - 4, 0),
        /* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, ALLOW - 5, 0),
        /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_sendmsg, 0, NOTIFY - 6),
        /* 6 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
        /* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)sock_fd, 0, NOTIFY - 8),
        /* 8 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(0)),
        /* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, NOTIFY - 10),
        /* 10 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
        /* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HI_NOTIFY_SEND_FLAGS, 0, NOTIFY - 12),
        /* 12 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        /* 13 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    };
    _Static_assert(sizeof(prog) / sizeof(prog[0]) == NOTIFY + 1, "NOTIFY is the last");
    _Static_assert(ALLOW + 1 == NOTIFY, "ALLOW comes just before");
    ret->insns = malloc(sizeof(prog));
    if (!ret->insns)
        return -ENOMEM;
    memcpy(ret->insns, prog, sizeof(prog));
    ret->len = sizeof(prog) / sizeof(prog[0]);
    ret->flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
    return 0;
}

int hi_notify_program(enum hi_notify_mode mode, const struct hi_bpf *profile, int sock_fd,
                      struct hi_bpf *ret, struct hi_error *err)
{
    struct hi_bpf p = {0};
    if (mode == HI_NOTIFY_LEARN) {
        if (learn_program(sock_fd, &p) < 0)
            return hi_error_errno(err, ENOMEM, "seccomp", "--seccomp-learn");
        *ret = p;
        return 0;
    }
    p.insns = malloc(profile->len * sizeof(*p.insns));
    if (!p.insns)
        return hi_error_errno(err, ENOMEM, "seccomp", "--seccomp-report");
    memcpy(p.insns, profile->insns, profile->len * sizeof(*p.insns));
    p.len = profile->len;
    /* A listener cannot be had with TSYNC; the child has one thread anyway. */
    p.flags = (profile->flags & ~SECCOMP_FILTER_FLAG_TSYNC) | SECCOMP_FILTER_FLAG_NEW_LISTENER;
    for (unsigned short i = 0; i < p.len; i++) {
        struct sock_filter *f = &p.insns[i];
        if (f->code == (BPF_RET | BPF_K) && (f->k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
            f->k = SECCOMP_RET_USER_NOTIF;
    }
    /* The child's own sendmsg of the listener must not be routed: nobody could answer. */
    struct seccomp_data send = {.nr = SYS_sendmsg, .arch = seccomp_arch_native()};
    send.args[0] = (uint64_t)sock_fd;
    send.args[2] = HI_NOTIFY_SEND_FLAGS;
    uint32_t action = hi_bpf_run(&p, &send) & SECCOMP_RET_ACTION_FULL;
    if (action != SECCOMP_RET_ALLOW && action != SECCOMP_RET_LOG) {
        hi_bpf_free(&p);
        return hi_error_set(err, EPERM, "seccomp",
                            "--seccomp-report: the profile denies sendmsg, which hardinit "
                            "needs to take the notifications over");
    }
    *ret = p;
    return 0;
}

/* ---------------------------------------------------------------- the hand-over */

int hi_notify_send_listener(int sock_fd, int listener)
{
    char byte = 'L';
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof(u));
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf)};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &listener, sizeof(int));
    ssize_t n;
    do {
        n = sendmsg(sock_fd, &msg, HI_NOTIFY_SEND_FLAGS);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -errno;
}

int hi_notify_recv_listener(int sock_fd)
{
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf)};
    ssize_t n;
    do {
        n = recvmsg(sock_fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (n == 0 || !c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
        return -ECONNRESET;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}

/* ---------------------------------------------------------------- the supervisor */

struct key {
    bool used;
    uint32_t arch;
    int nr;
    int err;        /* report: the errno answered */
    uint64_t count; /* report: how many times */
    pid_t pid;      /* report: the first caller */
    char exe[EXE_MAX];
};

struct hi_notify {
    enum hi_notify_mode mode;
    enum hi_report_format format;
    char learn_path[PATH_MAX];
    struct hi_bpf profile;
    int listener;
    struct seccomp_notif *req;
    struct seccomp_notif_resp *resp;
    size_t req_size, resp_size;
    struct key *keys; /* open addressing over (arch, nr) */
    size_t n_keys;
    uint64_t total, dropped;
    /* learn: what the file already holds */
    char **old_names, **old_arches;
    size_t n_old_names, n_old_arches;
};

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void hi_notify_free(struct hi_notify *n)
{
    if (!n)
        return;
    if (n->listener >= 0)
        close(n->listener);
    hi_bpf_free(&n->profile);
    free(n->req);
    free(n->resp);
    free(n->keys);
    free_strv(n->old_names, n->n_old_names);
    free_strv(n->old_arches, n->n_old_arches);
    free(n);
}

enum hi_notify_mode hi_notify_mode(const struct hi_notify *n)
{
    return n ? n->mode : HI_NOTIFY_NONE;
}

void hi_notify_set_listener(struct hi_notify *n, int listener)
{
    if (n->listener >= 0)
        close(n->listener);
    n->listener = listener;
}

int hi_notify_listener(const struct hi_notify *n)
{
    return n ? n->listener : -1;
}

static int strv_add(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*v)[i], s) == 0)
            return 0;
    }
    char **nv = realloc(*v, (*n + 1) * sizeof(**v));
    if (!nv)
        return -ENOMEM;
    *v = nv;
    if (!(nv[*n] = strdup(s)))
        return -ENOMEM;
    (*n)++;
    return 0;
}

/*
 * A profile written by learn mode, to add to: an object whose syscalls entries are plain
 * allow-lists of names. Anything else (arguments, conditions) is refused: merging into
 * it could widen a rule nobody reviewed.
 */
static int load_learned(struct hi_notify *n, const char *path, struct hi_error *err)
{
    _cleanup_free_ char *text = NULL;
    int r = hi_read_file(path, LEARN_MAX, "seccomp", &text, NULL, err);
    if (r == -ENOENT)
        return 0;
    if (r < 0)
        return r;
    json_error_t jerr;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return hi_error_set(err, EINVAL, "seccomp", "--seccomp-learn: %s:%d:%d: %s", path,
                            jerr.line, jerr.column, jerr.text);
    json_t *syscalls = json_object_get(root, "syscalls");
    json_t *arches = json_object_get(root, "architectures");
    size_t i, j;
    json_t *e, *v;
    r = 0;
    if (!json_is_object(root) || !json_is_array(syscalls) || (arches && !json_is_array(arches)))
        r = hi_error_set(err, EINVAL, "seccomp",
                         "--seccomp-learn: %s: not a profile (no syscalls array)", path);
    json_array_foreach(syscalls, i, e)
    {
        json_t *names = json_object_get(e, "names");
        json_t *action = json_object_get(e, "action");
        if (r < 0)
            break;
        if (!json_is_object(e) || !json_is_array(names) || !json_is_string(action) ||
            json_object_get(e, "args") || json_object_get(e, "includes") ||
            json_object_get(e, "excludes")) {
            int line = 0, col = 0;
            hi_json_locate(text, (const struct hi_json_step[]){{"syscalls", 0}, {NULL, i}}, 2, 0,
                           &line, &col);
            r = hi_error_set(err, EINVAL, "seccomp",
                             "--seccomp-learn: %s:%d:%d: syscalls[%zu] is not a plain list of "
                             "names; learn into a new file",
                             path, line, col, i);
            break;
        }
        if (strcmp(json_string_value(action), "SCMP_ACT_ALLOW") != 0)
            continue;
        json_array_foreach(names, j, v)
        {
            if (r == 0 && json_is_string(v))
                r = strv_add(&n->old_names, &n->n_old_names, json_string_value(v));
        }
    }
    json_array_foreach(arches, i, v)
    {
        if (r == 0 && json_is_string(v))
            r = strv_add(&n->old_arches, &n->n_old_arches, json_string_value(v));
    }
    json_decref(root);
    if (r == -ENOMEM)
        return hi_error_errno(err, ENOMEM, "seccomp", "--seccomp-learn: %s", path);
    return r;
}

int hi_notify_new(enum hi_notify_mode mode, enum hi_report_format format, const char *learn_path,
                  const struct hi_bpf *profile, struct hi_notify **ret, struct hi_error *err)
{
    struct seccomp_notif_sizes sizes;
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
        return hi_error_errno(err, errno, "seccomp",
                              "this kernel has no seccomp user notification");
    struct hi_notify *n = calloc(1, sizeof(*n));
    if (!n)
        return hi_error_errno(err, ENOMEM, "seccomp", "notify");
    n->mode = mode;
    n->format = format;
    n->listener = -1;
    n->req_size = sizes.seccomp_notif > sizeof(*n->req) ? sizes.seccomp_notif : sizeof(*n->req);
    n->resp_size =
        sizes.seccomp_notif_resp > sizeof(*n->resp) ? sizes.seccomp_notif_resp : sizeof(*n->resp);
    n->req = calloc(1, n->req_size);
    n->resp = calloc(1, n->resp_size);
    n->keys = calloc(MAX_KEYS, sizeof(*n->keys));
    if (profile && profile->len) {
        n->profile.insns = malloc(profile->len * sizeof(*profile->insns));
        if (n->profile.insns) {
            memcpy(n->profile.insns, profile->insns, profile->len * sizeof(*profile->insns));
            n->profile.len = profile->len;
        }
    }
    if (!n->req || !n->resp || !n->keys || (profile && profile->len && !n->profile.insns)) {
        hi_notify_free(n);
        return hi_error_errno(err, ENOMEM, "seccomp", "notify");
    }
    if (mode == HI_NOTIFY_LEARN) {
        snprintf(n->learn_path, sizeof(n->learn_path), "%s", learn_path);
        int r = load_learned(n, learn_path, err);
        /* Writable now (after --read-only and the tmpfs mounts), not only at the end. */
        char tmp[PATH_MAX + 8];
        snprintf(tmp, sizeof(tmp), "%s.tmp", learn_path);
        int fd = r < 0 ? -1 : open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (r == 0 && fd < 0)
            r = hi_error_errno(err, errno, "seccomp", "--seccomp-learn: cannot write %s", tmp);
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        if (r < 0) {
            hi_notify_free(n);
            return r;
        }
    }
    *ret = n;
    return 0;
}

static struct key *key_of(struct hi_notify *n, uint32_t arch, int nr)
{
    size_t h = ((size_t)arch * 0x9e3779b1u + (size_t)(unsigned)nr * 0x85ebca6bu) & (MAX_KEYS - 1);
    for (size_t probe = 0; probe < MAX_KEYS / 2; probe++) {
        struct key *k = &n->keys[(h + probe) & (MAX_KEYS - 1)];
        if (!k->used) {
            if (n->n_keys >= MAX_KEYS / 2)
                return NULL; /* keep the table half empty: short probes */
            *k = (struct key){.used = true, .arch = arch, .nr = nr};
            n->n_keys++;
            return k;
        }
        if (k->arch == arch && k->nr == nr)
            return k;
    }
    return NULL;
}

/* The first caller's executable: its /proc/PID/exe, or [comm] where that is not ours to read. */
static void caller_exe(pid_t pid, char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
    ssize_t len = readlink(path, buf, size - 1);
    if (len > 0) {
        buf[len] = '\0';
        return;
    }
    /* Not ours to read (hardinit keeps only CAP_KILL): its argv[0], which anyone may read. */
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    if (hi_read_small(path, buf, size) > 0)
        return; /* argv[0] ends at its own NUL */
    snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
    char comm[32] = "";
    hi_read_small(path, comm, sizeof(comm));
    comm[strcspn(comm, "\n")] = '\0';
    snprintf(buf, size, "[%s]", comm[0] ? comm : "?");
}

static void answer(struct hi_notify *n)
{
    const struct seccomp_notif *req = n->req;
    struct seccomp_notif_resp *resp = n->resp;
    memset(resp, 0, n->resp_size);
    resp->id = req->id;
    struct key *k = key_of(n, req->data.arch, req->data.nr);
    if (!k)
        n->dropped++;
    if (n->mode == HI_NOTIFY_LEARN) {
        resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    } else {
        /* The profile's own answer for this very call, arguments and all. */
        uint32_t action = hi_bpf_run(&n->profile, &req->data);
        int e = (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO
                    ? (int)(action & SECCOMP_RET_DATA)
                    : EPERM;
        resp->error = -e;
        n->total++;
        if (k && k->count++ == 0) {
            k->err = e;
            k->pid = (pid_t)req->pid;
            caller_exe(k->pid, k->exe, sizeof(k->exe));
            /* Still the same caller (not a recycled pid): else the name is not its. */
            uint64_t id = req->id;
            if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0)
                snprintf(k->exe, sizeof(k->exe), "?");
        }
    }
    if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT)
        hi_debug("seccomp: answering call %d of pid %u: %m", req->data.nr, req->pid);
}

int hi_notify_serve(struct hi_notify *n, int max)
{
    int served = 0;
    while (served < max) {
        struct pollfd p = {.fd = n->listener, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
            return served == 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) ? -EPIPE : served;
        memset(n->req, 0, n->req_size);
        if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_RECV, n->req) < 0) {
            if (errno == EINTR || errno == ENOENT)
                continue; /* the caller is gone (killed meanwhile) */
            return -errno;
        }
        answer(n);
        served++;
    }
    return served;
}

/* ---------------------------------------------------------------- the report */

static const char *arch_name(uint32_t arch)
{
    static const struct {
        uint32_t token;
        const char *name;
    } names[] = {
        {SCMP_ARCH_X86_64, "x86_64"}, {SCMP_ARCH_X86, "x86"},
        {SCMP_ARCH_X32, "x32"},       {SCMP_ARCH_AARCH64, "aarch64"},
        {SCMP_ARCH_ARM, "arm"},       {SCMP_ARCH_PPC64LE, "ppc64le"},
        {SCMP_ARCH_S390X, "s390x"},   {SCMP_ARCH_RISCV64, "riscv64"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].token == arch)
            return names[i].name;
    }
    return NULL;
}

static int by_count(const void *a, const void *b)
{
    const struct key *x = *(const struct key *const *)a, *y = *(const struct key *const *)b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return x->nr - y->nr;
}

/* The used keys, most frequent first (NULL when none or out of memory). */
static const struct key **sorted_keys(const struct hi_notify *n)
{
    const struct key **v = calloc(n->n_keys + 1, sizeof(*v));
    if (!v)
        return NULL;
    size_t m = 0;
    for (size_t i = 0; i < MAX_KEYS; i++) {
        if (n->keys[i].used)
            v[m++] = &n->keys[i];
    }
    qsort(v, m, sizeof(*v), by_count);
    return v;
}

static char *call_name(uint32_t arch, int nr)
{
    char *s = seccomp_syscall_resolve_num_arch(arch, nr);
    if (!s && asprintf(&s, "%d", nr) < 0)
        s = NULL;
    return s;
}

void hi_notify_print_report(const struct hi_notify *n, FILE *out)
{
    _cleanup_free_ const struct key **v = sorted_keys(n);
    if (!v)
        return;
    if (n->format == HI_REPORT_JSON) {
        json_t *list = json_array();
        for (size_t i = 0; v[i]; i++) {
            char *name = call_name(v[i]->arch, v[i]->nr);
            const char *ename = strerrorname_np(v[i]->err);
            json_array_append_new(list, json_pack("{s:s?, s:s?, s:I, s:s?, s:i, s:i, s:s}",
                                                  "syscall", name, "arch", arch_name(v[i]->arch),
                                                  "count", (json_int_t)v[i]->count, "errno_name",
                                                  ename, "errno", v[i]->err, "first_pid",
                                                  (int)v[i]->pid, "first_exe", v[i]->exe));
            free(name);
        }
        json_t *o = json_pack("{s:{s:I, s:o}}", "seccomp_report", "denied", (json_int_t)n->total,
                              "syscalls", list);
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (s)
            fprintf(out, "%s\n", s);
        free(s);
        json_decref(o);
        fflush(out);
        return;
    }
    if (n->total == 0) {
        fprintf(out, "hardinit: seccomp report: no denied calls\n");
        fflush(out);
        return;
    }
    fprintf(out, "hardinit: seccomp report: %llu denied calls, %zu syscalls, most frequent first\n",
            (unsigned long long)n->total, n->n_keys);
    fprintf(out, "  %-20s %10s  %-8s %8s  %s\n", "syscall", "count", "errno", "first",
            "executable");
    for (size_t i = 0; v[i]; i++) {
        char *name = call_name(v[i]->arch, v[i]->nr);
        const char *ename = strerrorname_np(v[i]->err);
        fprintf(out, "  %-20s %10llu  %-8s %8d  %s\n", name ? name : "?",
                (unsigned long long)v[i]->count, ename ? ename : "?", (int)v[i]->pid, v[i]->exe);
        free(name);
    }
    if (n->dropped)
        fprintf(out, "  (%llu calls of further syscalls were not counted)\n",
                (unsigned long long)n->dropped);
    fflush(out);
}

/* ---------------------------------------------------------------- the learned profile */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int hi_notify_write_learned(const char *path, const char *const *names, size_t n_names,
                            const char *const *arches, size_t n_arches, struct hi_error *err)
{
    json_t *jnames = json_array(), *jarches = json_array();
    for (size_t i = 0; i < n_names; i++)
        json_array_append_new(jnames, json_string(names[i]));
    for (size_t i = 0; i < n_arches; i++)
        json_array_append_new(jarches, json_string(arches[i]));
    json_t *root =
        json_pack("{s:s, s:i, s:o, s:[{s:o, s:s, s:s}]}", "defaultAction", "SCMP_ACT_ERRNO",
                  "defaultErrnoRet", EPERM, "architectures", jarches, "syscalls", "names", jnames,
                  "action", "SCMP_ACT_ALLOW", "comment",
                  "learned by hardinit --seccomp-learn: what the app used. Calls above the highest "
                  "named here get ENOSYS (runc's rule), the rest EPERM. Review before enforcing.");
    char *text = root ? json_dumps(root, JSON_INDENT(2)) : NULL;
    json_decref(root);
    if (!text)
        return hi_error_errno(err, ENOMEM, "seccomp", "--seccomp-learn");
    struct iovec iov = {text, strlen(text)};
    int r = hi_write_file(path, &iov, 1, "seccomp: --seccomp-learn", err);
    free(text);
    return r;
}

/* "SCMP_ARCH_X86_64" for SCMP_ARCH_X86_64; false when we have no name for it. */
static bool scmp_arch_string(uint32_t arch, char *buf, size_t size)
{
    const char *an = arch_name(arch);
    if (!an)
        return false;
    snprintf(buf, size, "SCMP_ARCH_%s", an);
    for (char *p = buf + 10; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    return true;
}

static int write_learned(struct hi_notify *n, struct hi_error *err)
{
    char **names = n->old_names, **arches = n->old_arches;
    size_t n_names = n->n_old_names, n_arches = n->n_old_arches;
    n->old_names = NULL, n->old_arches = NULL, n->n_old_names = n->n_old_arches = 0;
    char scmp[48];
    int r = 0;
    /* The native architecture always, first in a new file; and exit and exit_group, which
     * every program makes and which learn mode lets through unasked (see learn_program). */
    if (scmp_arch_string(seccomp_arch_native(), scmp, sizeof(scmp)))
        r = strv_add(&arches, &n_arches, scmp);
    if (r == 0 && n->n_keys)
        r = strv_add(&names, &n_names, "exit");
    if (r == 0 && n->n_keys)
        r = strv_add(&names, &n_names, "exit_group");
    for (size_t i = 0; i < MAX_KEYS && r == 0; i++) {
        const struct key *k = &n->keys[i];
        if (!k->used)
            continue;
        char *name = seccomp_syscall_resolve_num_arch(k->arch, k->nr);
        if (!name || !scmp_arch_string(k->arch, scmp, sizeof(scmp))) {
            hi_warn("seccomp: --seccomp-learn: syscall %d of architecture 0x%x has no name here; "
                    "not written",
                    k->nr, k->arch);
        } else {
            r = strv_add(&names, &n_names, name);
            if (r == 0)
                r = strv_add(&arches, &n_arches, scmp);
        }
        free(name);
    }
    if (r == 0) {
        qsort(names, n_names, sizeof(*names), by_string);
        r = hi_notify_write_learned(n->learn_path, (const char *const *)names, n_names,
                                    (const char *const *)arches, n_arches, err);
        if (r == 0)
            hi_info("seccomp: learned %zu syscalls into %s", n_names, n->learn_path);
    } else {
        r = hi_error_errno(err, ENOMEM, "seccomp", "--seccomp-learn");
    }
    free_strv(names, n_names);
    free_strv(arches, n_arches);
    return r;
}

int hi_notify_finish(struct hi_notify *n, struct hi_error *err)
{
    if (!n)
        return 0;
    if (n->mode == HI_NOTIFY_REPORT) {
        hi_notify_print_report(n, stderr);
        return 0;
    }
    return write_learned(n, err);
}
