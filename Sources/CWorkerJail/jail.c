// The sandbox worker's OS confinement; see include/CWorkerJail.h and docs/sandbox.md.
#define _GNU_SOURCE
#include "CWorkerJail.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int pmo_jail_die_with_parent(pid_t parent) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) return -1;
    // The parent may have died between our fork and the prctl: then we were re-parented
    // already and no signal will come.
    if (getppid() != parent) return -1;
    return 0;
}

void pmo_jail_close_inherited_fds(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 1 << 20) max = 1 << 16;
    for (long fd = 3; fd < max; fd++) close((int)fd);
}

void pmo_jail_default_signals(void) {
    signal(SIGALRM, SIG_DFL);
    signal(SIGXCPU, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigaddset(&set, SIGXCPU);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int pmo_jail_set_limit(int resource, unsigned long long soft, unsigned long long hard) {
    struct rlimit r = { .rlim_cur = (rlim_t)soft, .rlim_max = (rlim_t)hard };
    return setrlimit(resource, &r);
}

unsigned long long pmo_jail_cpu_seconds(void) {
    struct rusage u;
    if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
    unsigned long long us = (unsigned long long)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000ULL
        + (unsigned long long)(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    return (us + 999999ULL) / 1000000ULL;
}

int pmo_jail_no_privileges_empty_cwd(void) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    const char *base = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/pmo-worker-XXXXXX", base && *base ? base : "/tmp");
    // No writable temporary folder: "/" will do, since nothing can be opened once the
    // filter is on; the empty directory is a second layer, not the wall.
    if (!mkdtemp(dir)) return chdir("/");
    if (chdir(dir) != 0) { int e = errno; rmdir(dir); errno = e; return -1; }
    // Removed while we stand in it: nothing can be created in it, and nothing is left behind.
    if (rmdir(dir) != 0) return -1;
    return 0;
}

static void on_sigsys(int sig, siginfo_t *info, void *context) {
    (void)sig; (void)context;
    char msg[96];
    int n = snprintf(msg, sizeof msg, "pmo worker: seccomp denied system call %d\n", info->si_syscall);
    if (n > 0) { ssize_t w = write(2, msg, (size_t)n); (void)w; }
    _exit(159);
}

// Adds `name` to the allow-list (with up to two argument conditions); a call the running
// architecture does not have is skipped.
static int allow(scmp_filter_ctx ctx, const char *name, unsigned n, struct scmp_arg_cmp a, struct scmp_arg_cmp b) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) return 0;
    int rc;
    if (n == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    else if (n == 1) rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, a);
    else rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 2, a, b);
    // A pseudo-syscall this architecture lacks is not an error.
    return rc == -EDOM || rc == -EFAULT ? 0 : rc;
}

int pmo_jail_seccomp(pmo_seccomp_mode mode) {
    uint32_t deny = mode == PMO_SECCOMP_KILL ? SCMP_ACT_KILL_PROCESS
                  : mode == PMO_SECCOMP_TRAP ? SCMP_ACT_TRAP : SCMP_ACT_ERRNO(EPERM);
    if (mode == PMO_SECCOMP_TRAP) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigsys;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSYS, &sa, NULL);
    }
    scmp_filter_ctx ctx = seccomp_init(deny);
    if (!ctx) return -ENOMEM;
    // A call through another ABI (int 0x80 on x86_64) does not match this filter's
    // architecture and kills the process (libseccomp's default for a foreign architecture).
    struct scmp_arg_cmp none = SCMP_A0(SCMP_CMP_EQ, 0);
    static const char *plain[] = {
        // I/O on descriptors already open: the request pipe, stdout/stderr, the store. No
        // open, openat, socket, connect, dup: nothing new can be reached.
        "read", "readv", "pread64", "preadv", "preadv2", "write", "writev", "pwrite64",
        "close", "close_range", "lseek", "fcntl", "fstat", "poll", "ppoll", "getcwd",
        // Memory (mmap and mprotect below, without PROT_EXEC).
        "munmap", "mremap", "brk", "madvise", "msync", "membarrier",
        // Threads waiting, clocks, sleeping.
        "futex", "sched_yield", "sched_getaffinity", "getrandom", "clock_gettime", "clock_getres",
        "gettimeofday", "time", "nanosleep", "clock_nanosleep", "getrusage", "times",
        // Who am I.
        "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid",
        // Signals (handlers, masks, return) and the worker's own alarm.
        "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "alarm", "setitimer", "getitimer",
        // Limits of itself only (prlimit64 below), and the way out.
        "getrlimit", "setrlimit", "exit", "exit_group", "restart_syscall",
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof plain / sizeof *plain && rc == 0; i++) rc = allow(ctx, plain[i], 0, none, none);
    // Memory that can never become executable: no shellcode, even after a hijack.
    if (rc == 0) rc = allow(ctx, "mmap", 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0), none);
    if (rc == 0) rc = allow(ctx, "mprotect", 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0), none);
    // fstat is newfstatat(fd, "", buf, AT_EMPTY_PATH) in glibc: only that form, not a path.
    if (rc == 0) rc = allow(ctx, "newfstatat", 1, SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH), none);
    if (rc == 0) rc = allow(ctx, "statx", 1, SCMP_A2(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH), none);
    // Limits and signals: this process only.
    if (rc == 0) rc = allow(ctx, "prlimit64", 1, SCMP_A0(SCMP_CMP_EQ, 0), none);
    pid_t self = getpid();
    if (rc == 0) rc = allow(ctx, "kill", 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self), none);
    if (rc == 0) rc = allow(ctx, "tgkill", 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self), none);
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
    if (rc == 0) rc = seccomp_load(ctx);
    seccomp_release(ctx);
    return rc;
}

void pmo_jail_probe(const char *path, const char *dir, int *out) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    out[0] = fd >= 0 ? 0 : errno;
    if (fd >= 0) close(fd);
    char file[4096];
    snprintf(file, sizeof file, "%s/pmo-probe-%d", dir, (int)getpid());
    fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    out[1] = fd >= 0 ? 0 : errno;
    if (fd >= 0) { close(fd); unlink(file); }
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    out[2] = fd >= 0 ? 0 : errno;
    if (fd >= 0) close(fd);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    out[3] = fd >= 0 ? 0 : errno;
    if (fd >= 0) close(fd);
    int open_fds = 0;
    for (int i = 3; i < 4096; i++) if (fcntl(i, F_GETFD) != -1) open_fds++;
    out[4] = open_fds;
}
