/* SPDX-License-Identifier: MIT */
/*
 * seccalls - an app that makes a known set of system calls, for the seccomp report and
 * learn tests. acct(NULL) is the call the default profile denies (EPERM).
 *
 *   seccalls basic        getpid, uname, then acct 3 times; prints "acct=ERRNO"
 *   seccalls other        basic, then sysinfo; prints "sysinfo=ERRNO"
 *   seccalls threads N    N threads, each acct once; prints "threads acct=ERRNO..."
 *   seccalls forkexec     acct once, then a child that execs "seccalls basic"
 *   seccalls usr1         acct once, SIGUSR1 to the parent (the init), then sleeps 300 ms;
 *                         dies of SIGUSR1 if the init forwards it
 *   seccalls flood N FILE acct N times; on SIGTERM writes CLOCK_MONOTONIC ns to FILE
 *                         and exits 0; prints "flood done" if it got through all N
 *   seccalls fds          prints the seccomp listeners it holds ("listeners=N")
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int acct_errno(void)
{
    return syscall(SYS_acct, NULL) < 0 ? errno : 0;
}

static void basic(void)
{
    struct utsname u;
    (void)getpid();
    uname(&u);
    int e = 0;
    for (int i = 0; i < 3; i++)
        e = acct_errno();
    printf("acct=%d\n", e);
}

/* Every thread meets the others at a barrier: futex is used in every run, so what one run
 * learns is what the next needs (a join alone waits only when it is early). */
static pthread_barrier_t barrier;

static void *thread_main(void *arg)
{
    *(int *)arg = acct_errno();
    pthread_barrier_wait(&barrier);
    return NULL;
}

static const char *term_file;
static void on_term(int sig)
{
    (void)sig;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    int fd = open(term_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        (void)!write(fd, buf, (size_t)n);
        close(fd);
    }
    _exit(0);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *mode = argc > 1 ? argv[1] : "basic";
    if (strcmp(mode, "basic") == 0) {
        basic();
    } else if (strcmp(mode, "other") == 0) {
        basic();
        struct sysinfo si;
        printf("sysinfo=%d\n", sysinfo(&si) < 0 ? errno : 0);
    } else if (strcmp(mode, "threads") == 0 && argc > 2) {
        int n = atoi(argv[2]);
        pthread_t t[64];
        int e[64];
        if (n < 1 || n > 64)
            return 2;
        pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
        for (int i = 0; i < n; i++)
            pthread_create(&t[i], NULL, thread_main, &e[i]);
        pthread_barrier_wait(&barrier);
        printf("threads");
        for (int i = 0; i < n; i++) {
            pthread_join(t[i], NULL);
            printf(" acct=%d", e[i]);
        }
        printf("\n");
    } else if (strcmp(mode, "forkexec") == 0) {
        printf("parent acct=%d\n", acct_errno());
        pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", argv[0], "basic", (char *)NULL);
            _exit(127);
        }
        int status;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    } else if (strcmp(mode, "usr1") == 0) {
        printf("acct=%d\n", acct_errno());
        kill(getppid(), SIGUSR1);
        struct timespec ts = {0, 300 * 1000000L};
        nanosleep(&ts, NULL);
        printf("still here\n");
    } else if (strcmp(mode, "flood") == 0 && argc > 3) {
        long n = atol(argv[2]);
        term_file = argv[3];
        signal(SIGTERM, on_term);
        for (long i = 0; i < n; i++)
            syscall(SYS_acct, NULL);
        printf("flood done\n");
    } else if (strcmp(mode, "fds") == 0) {
        int listeners = 0;
        DIR *d = opendir("/proc/self/fd");
        struct dirent *e;
        while (d && (e = readdir(d))) {
            char path[300], target[256];
            snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
            ssize_t len = readlink(path, target, sizeof(target) - 1);
            if (len > 0) {
                target[len] = '\0';
                listeners += strstr(target, "seccomp") != NULL;
            }
        }
        if (d)
            closedir(d);
        printf("listeners=%d\n", listeners);
    } else {
        fprintf(stderr, "seccalls: unknown mode\n");
        return 2;
    }
    return 0;
}
