// Debian's libseccomp (libseccomp-dev): the sandbox worker's second wall (docs/sandbox.md).
#include <seccomp.h>
