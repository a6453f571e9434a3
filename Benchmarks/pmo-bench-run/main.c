// pmo-bench-run: runs one command for pmo-bench and reports its wall time and peak RSS.
//
//   pmo-bench-run OUT ERR COMMAND [ARGS...]
//
// prints "<status> <wall seconds> <peak RSS KiB>" on stdout; the command's stdin is
// /dev/null, its stdout and stderr go to the files OUT and ERR.
//
// Why a separate, tiny C program: Linux carries a process's peak RSS across execve, and
// posix_spawn (a vfork) or fork starts the child with the parent's memory, so a command
// started straight from pmo-bench reports at least pmo-bench's own RSS (20 to 130 MiB,
// measured). Forked from this program, whose RSS is about 1 MiB, the figure is the command's.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: pmo-bench-run OUT ERR COMMAND [ARGS...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 2; }
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0) _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) { perror("wait4"); return 2; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("%d %.9f %ld\n", code, wall, usage.ru_maxrss);
    return 0;
}
