/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hardinit/parse.h"

int hi_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *ret)
{
    if (!s || !*s)
        return -EINVAL;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -EINVAL;
        unsigned digit = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return -ERANGE;
        v = v * 10 + digit;
    }
    if (v < min || v > max)
        return -ERANGE;
    *ret = v;
    return 0;
}

int hi_parse_duration(const char *s, uint64_t max_ms, uint64_t *ret_ms)
{
    static const struct {
        const char *suffix;
        uint64_t ms;
    } units[] = {{"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 3600 * 1000}, {"", 1000}};

    if (!s)
        return -EINVAL;
    size_t digits = strspn(s, "0123456789");
    if (digits == 0 || digits > 19)
        return digits ? -ERANGE : -EINVAL;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcmp(s + digits, units[i].suffix) != 0)
            continue;
        char num[20];
        memcpy(num, s, digits);
        num[digits] = '\0';
        uint64_t v;
        int r = hi_parse_uint(num, 0, max_ms / units[i].ms, &v);
        if (r < 0)
            return r;
        *ret_ms = v * units[i].ms;
        return 0;
    }
    return -EINVAL;
}

static const struct {
    int sig;
    const char *name;
} signal_names[] = {
    {SIGHUP, "HUP"},       {SIGINT, "INT"},     {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
    {SIGTRAP, "TRAP"},     {SIGABRT, "ABRT"},   {SIGIOT, "IOT"},   {SIGBUS, "BUS"},
    {SIGFPE, "FPE"},       {SIGKILL, "KILL"},   {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"},
    {SIGUSR2, "USR2"},     {SIGPIPE, "PIPE"},   {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},
    {SIGSTKFLT, "STKFLT"}, {SIGCHLD, "CHLD"},   {SIGCHLD, "CLD"},  {SIGCONT, "CONT"},
    {SIGSTOP, "STOP"},     {SIGTSTP, "TSTP"},   {SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"},
    {SIGURG, "URG"},       {SIGXCPU, "XCPU"},   {SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"},
    {SIGPROF, "PROF"},     {SIGWINCH, "WINCH"}, {SIGIO, "IO"},     {SIGPOLL, "POLL"},
    {SIGPWR, "PWR"},       {SIGSYS, "SYS"},
};

/* The kernel's real-time range; glibc reserves the first few for itself. */
#define KERNEL_SIGRTMIN 32
#define KERNEL_SIGRTMAX 64

static int parse_rt(const char *s, int *ret)
{
    int base;
    int dir;
    if (strncasecmp(s, "RTMIN", 5) == 0) {
        base = SIGRTMIN;
        dir = 1;
    } else if (strncasecmp(s, "RTMAX", 5) == 0) {
        base = SIGRTMAX;
        dir = -1;
    } else {
        return -EINVAL;
    }
    s += 5;
    if (*s == '\0') {
        *ret = base;
        return 0;
    }
    if ((dir > 0 && *s != '+') || (dir < 0 && *s != '-'))
        return -EINVAL;
    uint64_t off;
    int r = hi_parse_uint(s + 1, 0, (uint64_t)(SIGRTMAX - SIGRTMIN), &off);
    if (r < 0)
        return r;
    *ret = base + dir * (int)off;
    return 0;
}

int hi_parse_signal(const char *s, int *ret)
{
    if (!s || !*s)
        return -EINVAL;
    if (*s >= '0' && *s <= '9') {
        uint64_t v;
        int r = hi_parse_uint(s, 1, KERNEL_SIGRTMAX, &v);
        if (r < 0)
            return r;
        *ret = (int)v;
        return 0;
    }
    const char *name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
    for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++) {
        if (strcasecmp(name, signal_names[i].name) == 0) {
            *ret = signal_names[i].sig;
            return 0;
        }
    }
    return parse_rt(name, ret);
}

const char *hi_signal_name(int sig, char buf[16])
{
    if (sig < 1 || sig > KERNEL_SIGRTMAX)
        return NULL;
    for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++) {
        if (signal_names[i].sig == sig)
            return signal_names[i].name;
    }
    if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
        snprintf(buf, 16, "RTMIN+%u", (unsigned)(sig - SIGRTMIN) & 0xffu);
        return buf;
    }
    snprintf(buf, 16, "%u", (unsigned)sig & 0xffu);
    return buf;
}

int hi_parse_bool(const char *s, bool *ret)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    if (!s)
        return -EINVAL;
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *ret = true;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *ret = false;
            return 0;
        }
    }
    return -EINVAL;
}
