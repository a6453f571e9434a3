// Line editing over libedit's readline-compatible API. See CLineEdit.h for the contracts.
#include "CLineEdit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>

static le_completer_fn g_completer;
static char g_word_breaks[64];

// Set by the SIGINT handler while at the prompt; read by le_getc. A sig_atomic_t because a
// signal handler writes it.
static volatile sig_atomic_t g_prompt_interrupt;
static void (*volatile g_target)(void *);
static void *volatile g_target_arg;

static void le_on_sigint(int sig) {
    (void)sig;
    void (*target)(void *) = g_target;
    if (target) target(g_target_arg);
    else g_prompt_interrupt = 1;
}

void le_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = le_on_sigint;
    sigemptyset(&sa.sa_mask);
    // No SA_RESTART: a read() waiting for a key must return EINTR so le_getc sees the flag.
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
}

void le_set_sigint_target(void (*target)(void *), void *arg) {
    g_target = NULL;            // never call a target with the wrong argument
    g_target_arg = arg;
    g_target = target;
}

// libedit reads keys through this. On Ctrl-C it ends the line (as Enter would); le_readline
// then sees the flag and discards the line. Ending the line is the one way to leave libedit's
// read loop that also restores the terminal's mode.
static int le_getc(FILE *in) {
    unsigned char c;
    for (;;) {
        if (g_prompt_interrupt) return '\n';
        ssize_t n = read(fileno(in), &c, 1);
        if (n == 1) return c;
        if (n == 0) return EOF;
        if (errno != EINTR) return EOF;
    }
}

// libedit's hook for completion: it gives the word under the cursor and its bounds.
static char **le_attempt(const char *text, int start, int end) {
    (void)text;
    rl_attempted_completion_over = 1;   // never fall back to file names
    if (!g_completer) return NULL;
    char **cands = g_completer(rl_line_buffer, start, end);
    if (!cands || !cands[0]) { free(cands); return NULL; }
    size_t n = 0;
    while (cands[n]) n++;
    // readline's format: element 0 is what replaces the word (the longest common prefix),
    // then the candidates, then NULL.
    char **out = malloc((n + 2) * sizeof *out);
    if (!out) return NULL;
    size_t common = strlen(cands[0]);
    for (size_t i = 1; i < n; i++) {
        size_t j = 0;
        while (j < common && cands[i][j] == cands[0][j]) j++;
        common = j;
    }
    out[0] = strndup(cands[0], common);
    for (size_t i = 0; i < n; i++) out[i + 1] = cands[i];
    out[n + 1] = NULL;
    free(cands);
    if (n == 1) {
        // One candidate: it replaces the word, nothing to list.
        free(out[1]);
        out[1] = NULL;
    }
    return out;
}

void le_setup(const char *appname, le_completer_fn completer, const char *word_breaks) {
    g_completer = completer;
    snprintf(g_word_breaks, sizeof g_word_breaks, "%s", word_breaks);
    rl_readline_name = appname;
    rl_catch_signals = 0;   // our handler (le_install_sigint) owns SIGINT
    rl_getc_function = le_getc;
    rl_attempted_completion_function = le_attempt;
    rl_completer_word_break_characters = g_word_breaks;
    rl_basic_word_break_characters = g_word_breaks;
    rl_completion_append_character = '\0';
    rl_initialize();
}

char *le_readline(const char *prompt, int *interrupted) {
    *interrupted = 0;
    g_prompt_interrupt = 0;
    char *line = readline(prompt);
    if (g_prompt_interrupt) {
        g_prompt_interrupt = 0;
        free(line);
        *interrupted = 1;
        return NULL;
    }
    return line;
}

void le_history_add(const char *line) { add_history(line); }
void le_history_limit(int max) { stifle_history(max); }
int le_history_count(void) { return history_length; }

int le_history_load(const char *path) {
    return read_history(path) == 0 ? 0 : (errno ? errno : EIO);
}

int le_history_save(const char *path, int max) {
    if (write_history(path) != 0) return errno ? errno : EIO;
    history_truncate_file(path, max);
    return 0;
}
