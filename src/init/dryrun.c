/* SPDX-License-Identifier: MIT */
/*
 * dryrun.c - `hardinit --dry-run`: the plan that hardinit would carry out, as text, once
 * everything in it has been checked (run.c does the checking: the same code as a start).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "hardinit/init.h"
#include "hardinit/parse.h"

static void print_caps(FILE *out, const char *label, uint64_t mask, int last_cap)
{
    fprintf(out, "  %-13s", label);
    int n = 0;
    for (int c = 0; c <= last_cap && c < 64; c++) {
        if ((mask >> c) & 1) {
            const char *name = hi_cap_name(c);
            fprintf(out, "%s%s", n++ ? "," : "", name ? name : "?");
        }
    }
    fprintf(out, "%s\n", n ? "" : "(none)");
}

void hi_plan_print(const struct hi_config *cfg, const struct hi_plan *plan, const char *command,
                   const char *cgroup, FILE *out)
{
    const struct hi_harden_opts *h = &cfg->harden;
    fprintf(out, "hardinit: dry run: everything checked, nothing started\n");
    fprintf(out, "  %-13s%s", "command", command);
    for (char **a = cfg->argv + 1; *a; a++)
        fprintf(out, " %s", *a);
    fprintf(out, "\n");
    if (plan->set_user) {
        fprintf(out, "  %-13suid %u gid %u groups", "user", (unsigned)plan->uid,
                (unsigned)plan->gid);
        for (size_t i = 0; i < plan->n_groups; i++)
            fprintf(out, "%s%u", i ? "," : " ", (unsigned)plan->groups[i]);
        fprintf(out, "%s\n", plan->n_groups ? "" : " (none)");
    } else {
        fprintf(out, "  %-13sunchanged (uid %u)\n", "user", (unsigned)getuid());
    }
    if (plan->set_caps) {
        print_caps(out, "bounding", plan->bounding, plan->last_cap);
        print_caps(out, "effective", plan->effective, plan->last_cap);
        print_caps(out, "ambient", plan->ambient, plan->last_cap);
    } else {
        fprintf(out, "  %-13sunchanged\n", "capabilities");
    }
    fprintf(out, "  %-13s%s\n", "no_new_privs", plan->no_new_privs ? "yes" : "no");
    fprintf(out, "  %-13s", "rlimits");
    for (size_t i = 0; i < plan->n_rlimits; i++) {
        const struct hi_rlimit_opt *r = &plan->rlimits[i];
        fprintf(out, "%s%s=", i ? " " : "", hi_rlimit_name(r->resource));
        if (r->soft == RLIM_INFINITY)
            fprintf(out, "unlimited");
        else
            fprintf(out, "%llu", (unsigned long long)r->soft);
        if (r->hard == RLIM_INFINITY)
            fprintf(out, ":unlimited");
        else
            fprintf(out, ":%llu", (unsigned long long)r->hard);
    }
    fprintf(out, "%s\n", plan->n_rlimits ? "" : "unchanged");
    fprintf(out, "  %-13s", "mounts");
    for (size_t i = 0; i < plan->n_tmpfs; i++) {
        const struct hi_tmpfs_opt *t = &plan->tmpfs[i];
        fprintf(out, "%stmpfs %s (%llu bytes%s%s%s%s)", i ? "; " : "", t->path,
                (unsigned long long)t->size, t->flags & MS_NOEXEC ? ",noexec" : "",
                t->flags & MS_NOSUID ? ",nosuid" : "", t->flags & MS_NODEV ? ",nodev" : "",
                t->flags & MS_RDONLY ? ",ro" : "");
    }
    if (plan->read_only)
        fprintf(out, "%s/ read-only", plan->n_tmpfs ? "; " : "");
    fprintf(out, "%s\n", plan->n_tmpfs || plan->read_only ? "" : "unchanged");
    const char *profile = h->seccomp_learn[0] ? "none (learning)"
                          : h->seccomp_bpf[0] ? h->seccomp_bpf
                          : h->seccomp[0]     ? h->seccomp
                                              : "none";
    const char *mode = h->seccomp_learn[0] ? ", learn mode: every call allowed, written to "
                       : h->seccomp_log    ? ", audit mode (--seccomp-log): nothing denied"
                       : h->seccomp_report ? ", report mode"
                                           : "";
    fprintf(out, "  %-13s%s", "seccomp", profile);
    if (plan->seccomp.len)
        fprintf(out, " (%u BPF instructions)", (unsigned)plan->seccomp.len);
    fprintf(out, "%s%s\n", mode, h->seccomp_learn);
    fprintf(out, "  %-13s%s\n", "cgroup", cgroup);
    const struct hi_health_opts *ho = &cfg->health;
    fprintf(out, "  %-13s", "wait");
    for (size_t i = 0; i < ho->n_wait; i++)
        fprintf(out, "%s%s", i ? ", " : "", ho->wait[i]);
    if (ho->n_wait)
        fprintf(out, " (every %llu ms, at most %llu ms)\n",
                (unsigned long long)ho->wait_interval_ms, (unsigned long long)ho->wait_timeout_ms);
    else
        fprintf(out, "none\n");
    char sig[16];
    if (ho->url[0])
        fprintf(out,
                "  %-13s%s every %llu ms, timeout %llu ms, %u retries, start period %llu ms; "
                "unhealthy: %s%s\n",
                "health", ho->url, (unsigned long long)ho->interval_ms,
                (unsigned long long)ho->timeout_ms, ho->retries,
                (unsigned long long)ho->start_period_ms,
                ho->on_unhealthy == HI_UNHEALTHY_EXIT     ? "exit"
                : ho->on_unhealthy == HI_UNHEALTHY_SIGNAL ? "SIG"
                                                          : "none",
                ho->on_unhealthy == HI_UNHEALTHY_SIGNAL ? hi_signal_name(ho->unhealthy_signal, sig)
                                                        : "");
    else
        fprintf(out, "  %-13snone\n", "health");
    fprintf(out, "  %-13sgrace %llu ms; forwarded to the %s%s%s\n", "signals",
            (unsigned long long)cfg->grace_ms, cfg->signal_group ? "process group" : "child",
            cfg->pdeathsig ? "; pdeathsig SIG" : "",
            cfg->pdeathsig ? hi_signal_name(cfg->pdeathsig, sig) : "");
}
