/* SPDX-License-Identifier: MIT */
/* run.c - the PID-1 job from start to exit status: process-tree set-up, spawn, supervise. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "hardinit/health.h"
#include "hardinit/init.h"
#include "hardinit/log.h"

/*
 * Orphans of the command must come to us when we are not PID 1. An explicit --subreaper
 * that cannot be had stops the start; the automatic one only warns.
 */
static int setup_process_tree(const struct hi_config *cfg, struct hi_error *err)
{
    int inherited = 0;
    bool reaper = getpid() == 1 || (prctl(PR_GET_CHILD_SUBREAPER, &inherited) == 0 &&
                                    inherited); /* kept over exec */
    bool want = cfg->subreaper == HI_ON || (cfg->subreaper == HI_AUTO && !reaper);
    if (want && !reaper) {
        if (prctl(PR_SET_CHILD_SUBREAPER, 1) == 0) {
            hi_debug("registered as a child subreaper");
            reaper = true;
        } else if (cfg->subreaper == HI_ON) {
            return hi_error_errno(err, errno, "subreaper", "PR_SET_CHILD_SUBREAPER");
        } else {
            hi_warn("cannot become a child subreaper (%m): orphans will not be reaped");
        }
    }
    if (!reaper && cfg->warn_not_reaper)
        hi_warn("not PID 1 and not a child subreaper: orphans will not be re-parented to us, "
                "so zombie reaping won't work (use -s or TINI_SUBREAPER, or run as PID 1)");
    if (cfg->pdeathsig && prctl(PR_SET_PDEATHSIG, cfg->pdeathsig) < 0)
        return hi_error_errno(err, errno, "pdeathsig", "PR_SET_PDEATHSIG");
    return 0;
}

/* The app's leaf cgroup with its limits; --cgroup-optional turns a failure into a warning. */
static int setup_cgroup(const struct hi_config *cfg, struct hi_cgroup *cg, struct hi_error *err)
{
    const struct hi_cgroup_opts *o = &cfg->harden.cgroup;
    struct hi_cgroup_setting s[HI_CG_MAX_SETTINGS];
    if (hi_cgroup_settings(o, 2, s, err) < 0)
        return -EINVAL; /* contradicting options: an error even with --cgroup-optional */
    int r = hi_cgroup_create(o, NULL, cg, err);
    if (r < 0 && o->optional) {
        hi_warn("%s: %s; running without cgroup limits (--cgroup-optional)", err->step, err->msg);
        *cg = (struct hi_cgroup){0};
        return 0;
    }
    return r;
}

/* Once everything in the app's cgroup is gone: report an OOM kill, remove the cgroups. */
static int finish_cgroup(const struct hi_config *cfg, struct hi_cgroup *cg, int status)
{
    uint64_t oom = hi_cgroup_oom_kills(cg);
    if (oom > 0 && status == 128 + SIGKILL)
        hi_error_log("cgroup: out of memory: '%s' was killed by the OOM killer (--memory %llu "
                     "bytes)",
                     cfg->argv[0], (unsigned long long)cfg->harden.cgroup.value[HI_CG_MEMORY]);
    else if (oom > 0)
        hi_warn("cgroup: out of memory: the OOM killer killed %llu process(es) of '%s' "
                "(--memory %llu bytes)",
                (unsigned long long)oom, cfg->argv[0],
                (unsigned long long)cfg->harden.cgroup.value[HI_CG_MEMORY]);
    struct hi_error err = {0};
    if (hi_cgroup_remove(cg, &err) < 0)
        hi_warn("%s: %s", err.step, err.msg);
    return status;
}

/*
 * --dry-run: every check a start makes, with the same code, and nothing started: the
 * profile compiled, the user resolved, the command found, the mounts allowed, the cgroup
 * created with its limits and removed again, a learned profile's file writable.
 */
static int dry_run(const struct hi_config *cfg)
{
    struct hi_error err = {0};
    struct hi_plan plan = {0};
    struct hi_cgroup cg = {0};
    struct hi_notify *notify = NULL;
    const struct hi_harden_opts *h = &cfg->harden;
    char command[PATH_MAX], cgroup[HI_CG_PATH_MAX * 2] = "none";
    int r = hi_harden_prepare(h, environ, &plan, &err);
    if (r == 0 && (r = hi_command_path(cfg->argv[0], command, sizeof(command))) < 0)
        hi_error_errno(&err, -r, "exec", "%s", cfg->argv[0]);
    if (r == 0)
        r = hi_harden_check_mounts(&plan, &err);
    if (r == 0 && hi_cgroup_wanted(&h->cgroup) && (r = setup_cgroup(cfg, &cg, &err)) == 0) {
        if (cg.n_leaves)
            snprintf(cgroup, sizeof(cgroup), "%s%s (created with the limits, then removed)",
                     cg.leaves[0].path, cg.n_leaves > 1 ? " and the other hierarchies'" : "");
        else
            snprintf(cgroup, sizeof(cgroup), "none: cannot be had here (--cgroup-optional)");
        r = hi_cgroup_remove(&cg, &err);
    }
    if (r == 0 && plan.notify)
        r = hi_notify_new(plan.notify, HI_REPORT_TEXT, h->seccomp_learn, &plan.seccomp, &notify,
                          &err);
    hi_notify_free(notify);
    if (r == 0)
        hi_plan_print(cfg, &plan, command, cgroup, stdout);
    else
        hi_error_log("%s: %s", err.step, err.msg);
    hi_plan_free(&plan);
    return r == 0 ? 0 : cfg->usage_status;
}

int hi_init_run(const struct hi_config *cfg)
{
    if (cfg->dry_run)
        return dry_run(cfg);
    struct hi_error err = {0};
    struct hi_events ev;
    struct hi_plan plan = {0};
    struct hi_cgroup cg = {0};
    /* prepare (files, allocation), then what belongs to the whole container (cgroup, mounts) */
    if (hi_harden_prepare(&cfg->harden, environ, &plan, &err) < 0 ||
        setup_cgroup(cfg, &cg, &err) < 0 || hi_harden_apply_mounts(&plan, &err) < 0 ||
        setup_process_tree(cfg, &err) < 0 || hi_events_setup(cfg, &ev, &err) < 0) {
        hi_error_log("%s: %s", err.step, err.msg);
        hi_plan_free(&plan);
        hi_cgroup_remove(&cg, NULL);
        return cfg->usage_status;
    }
    plan.cgroup = &cg;

    /* the start-up gates: nothing is exec'd until every one is healthy */
    int gate = hi_gates_run(&cfg->health, &ev, &err);
    if (gate != 0) {
        if (gate < 0)
            hi_error_log("%s: %s", err.step, err.msg);
        hi_plan_free(&plan);
        hi_events_close(&ev);
        hi_cgroup_remove(&cg, NULL);
        return gate < 0 ? cfg->usage_status : gate;
    }

    /* hardinit as the app's seccomp supervisor (report and learn modes) */
    struct hi_notify *notify = NULL;
    const struct hi_harden_opts *h = &cfg->harden;
    if (plan.notify &&
        hi_notify_new(plan.notify, h->seccomp_report ? h->seccomp_report - 1 : HI_REPORT_TEXT,
                      h->seccomp_learn, &plan.seccomp, &notify, &err) < 0) {
        hi_error_log("%s: %s", err.step, err.msg);
        hi_plan_free(&plan);
        hi_events_close(&ev);
        hi_cgroup_remove(&cg, NULL);
        return cfg->usage_status;
    }

    struct hi_child child;
    int r = hi_spawn(cfg, &ev, &plan, notify, &child, &err);
    hi_plan_free(&plan);
    if (r < 0) {
        /* "[dumb-init] /bin/x: No such file or directory": the peers' form has no step. */
        if (cfg->personality != HI_PERSONALITY_HARDINIT && strcmp(err.step, "exec") == 0)
            hi_error_log("%s", err.msg);
        else
            hi_error_log("%s: %s", err.step, err.msg);
        hi_events_close(&ev);
        hi_cgroup_remove(&cg, NULL);
        hi_notify_free(notify);
        return strcmp(err.step, "exec") == 0 ? hi_exec_failure_status(cfg, r) : cfg->usage_status;
    }
    /* PID 1 keeps only what a reaper needs: CAP_KILL, for an app under another uid. */
    if (cfg->harden_self && hi_harden_self(&err) < 0)
        hi_debug("dropping our own privileges: %s: %s", err.step, err.msg);
    /* Do not keep the command's working directory (a volume, perhaps) busy. */
    if (cfg->chdir_root && chdir("/") < 0)
        hi_debug("chdir /: %m");

    int status = hi_supervise(cfg, &ev, &child, notify);
    hi_events_close(&ev);
    /* The report, or the learned profile: a profile that could not be written fails. */
    if (hi_notify_finish(notify, &err) < 0) {
        hi_error_log("%s: %s", err.step, err.msg);
        status = cfg->usage_status;
    }
    hi_notify_free(notify);
    return finish_cgroup(cfg, &cg, status);
}
