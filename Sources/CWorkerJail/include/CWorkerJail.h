// CWorkerJail: the OS confinement of the sandbox worker (docs/sandbox.md, "The second wall").
// C because Swift cannot call prctl (variadic) nor libseccomp's variadic seccomp_rule_add.
#ifndef CWORKERJAIL_H
#define CWORKERJAIL_H

#include <sys/types.h>

/// Asks the kernel to SIGKILL this process when its parent dies, then checks that the parent
/// is still `parent` (it may have died before the request). Returns 0, or -1 when the parent
/// is already gone or prctl failed.
int pmo_jail_die_with_parent(pid_t parent);

/// Closes every file descriptor above 2.
void pmo_jail_close_inherited_fds(void);

/// Restores the default action of SIGALRM and SIGXCPU (terminate) and unblocks them: an
/// ignored disposition and a blocked mask survive exec.
void pmo_jail_default_signals(void);

/// Sets a resource limit (soft and hard). Returns 0 or -1 (errno).
int pmo_jail_set_limit(int resource, unsigned long long soft, unsigned long long hard);

/// CPU seconds this process has used so far (user + system), rounded up.
unsigned long long pmo_jail_cpu_seconds(void);

/// Sets no_new_privs, makes the working directory an empty, deleted directory. Returns 0 or
/// -1 (errno).
int pmo_jail_no_privileges_empty_cwd(void);

/// What a denied system call does.
typedef enum {
    /// It fails with EPERM (the default: the code sees an error, the worker carries on).
    PMO_SECCOMP_ERRNO = 0,
    /// The kernel kills the worker with SIGSYS (reported as a seccomp violation).
    PMO_SECCOMP_KILL = 1,
    /// SIGSYS is caught: the worker writes the call's number on stderr and exits with 159
    /// (for finding what a new code path needs).
    PMO_SECCOMP_TRAP = 2,
} pmo_seccomp_mode;

/// Installs the worker's seccomp filter: an allow-list of the system calls the worker needs
/// once started (reads and writes on open descriptors, memory without PROT_EXEC, clocks,
/// signals to itself, limits of itself, exit). Returns 0, or a negative errno.
int pmo_jail_seccomp(pmo_seccomp_mode mode);

/// Test probes: try to open `path` for reading, to create a file in `dir`, and to make an
/// AF_INET and an AF_UNIX socket. Each result is 0 (it worked; the descriptor is closed
/// again) or the errno; then the number of descriptors open above 2. `out` holds 5 ints.
void pmo_jail_probe(const char *path, const char *dir, int *out);

#endif
