// libedit's readline-compatible API (Debian: libedit-dev; BSD licence, never GNU readline).
#include <stdio.h>
#include <editline/readline.h>
