// Line editing over libedit's readline-compatible API. See CLineEdit.h for the contracts.
#include "CLineEdit.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <editline/readline.h>

static le_completer_fn g_completer;
static char g_word_breaks[64];
static size_t g_prompt_width;   // columns of the current prompt (the REPL's are ASCII)

// Set by the SIGINT handler while at the prompt; read by le_getc. A sig_atomic_t because a
// signal handler writes it.
static volatile sig_atomic_t g_prompt_interrupt;
// Set by the SIGWINCH handler; libedit's own handlers are off (rl_catch_signals = 0), so the
// REPL tells it about a resized terminal itself.
static volatile sig_atomic_t g_resized;
static void (*volatile g_target)(void *);
static void *volatile g_target_arg;

static void le_on_sigint(int sig) {
    (void)sig;
    void (*target)(void *) = g_target;
    if (target) target(g_target_arg);
    else g_prompt_interrupt = 1;
}

static void le_on_sigwinch(int sig) {
    (void)sig;
    g_resized = 1;
}

void le_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = le_on_sigint;
    sigemptyset(&sa.sa_mask);
    // No SA_RESTART: a read() waiting for a key must return EINTR so le_getc sees the flag.
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = le_on_sigwinch;
    sigaction(SIGWINCH, &sa, NULL);
}

void le_set_sigint_target(void (*target)(void *), void *arg) {
    g_target = NULL;            // never call a target with the wrong argument
    g_target_arg = arg;
    g_target = target;
}

// Bytes for le_readbyte to return before reading the terminal again: the key that ended a
// reverse search, for libedit to act on (Enter runs the line found).
static unsigned char g_pushback[4];
static int g_pushed, g_pushed_next;

static void le_push(unsigned char c) {
    if (g_pushed < (int)sizeof g_pushback) g_pushback[g_pushed++] = c;
}

// One byte from the terminal; -2 when Ctrl-C arrived at the prompt.
static int le_readbyte(FILE *in) {
    unsigned char c;
    for (;;) {
        if (g_prompt_interrupt) return -2;
        if (g_pushed_next < g_pushed) {
            int b = g_pushback[g_pushed_next++];
            if (g_pushed_next == g_pushed) g_pushed = g_pushed_next = 0;
            return b;
        }
        if (g_resized) {
            g_resized = 0;
            rl_resize_terminal();
        }
        ssize_t n = read(fileno(in), &c, 1);
        if (n == 1) return c;
        if (n == 0) return EOF;
        if (errno != EINTR) return EOF;
    }
}

// libedit reads keys through this, one character at a time: its readline layer stores the
// int returned as a wchar_t, so a UTF-8 sequence is decoded here into its code point (libedit
// turns the line back into UTF-8 with the LC_CTYPE set in le_setup).
// On Ctrl-C it ends the line (as Enter would); le_readline then sees the flag and discards
// the line. Ending the line is the one way out of libedit's read loop that also restores the
// terminal's mode.
static int le_getc(FILE *in) {
    int c = le_readbyte(in);
    if (c == -2) return '\n';
    if (c == EOF || c < 0xC0) return c;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    int code = c & (0x3F >> more);
    for (int i = 0; i < more; i++) {
        int d = le_readbyte(in);
        if (d == -2) return '\n';
        if (d == EOF) return EOF;
        if ((d & 0xC0) != 0x80) return 0xFFFD;   // not UTF-8: a replacement character
        code = (code << 6) | (d & 0x3F);
    }
    return code;
}

// The terminal's width in columns.
static int le_width(void) {
    struct winsize ws;
    int fd = fileno(rl_outstream ? rl_outstream : stdout);
    return ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
}

// Prints the candidates in columns under the line being edited.
static void le_list(char **cands, size_t n) {
    int width = le_width();
    size_t longest = 0;
    for (size_t i = 0; i < n; i++) if (strlen(cands[i]) > longest) longest = strlen(cands[i]);
    size_t columns = (size_t)width / (longest + 2);
    if (columns == 0) columns = 1;
    size_t shown = n > 200 ? 200 : n;   // a screenful is useful; thousands are not
    FILE *out = rl_outstream ? rl_outstream : stdout;
    fputc('\n', out);
    for (size_t i = 0; i < shown; i++) {
        if ((i + 1) % columns == 0 || i + 1 == shown) fprintf(out, "%s\n", cands[i]);
        else fprintf(out, "%-*s", (int)(longest + 2), cands[i]);
    }
    if (shown < n) fprintf(out, "... and %zu more\n", n - shown);
    fflush(out);
}

// Tab: completes the word before the cursor with what the candidates have in common, or,
// when that adds nothing, lists them. Bound in place of libedit's rl_complete, which rings
// the bell even after a unique completion (libedit 3.1-20221030). Every candidate starts with
// the word (the completer's contract), so completing is inserting the rest.
static int le_tab(int count, int key) {
    (void)count; (void)key;
    if (!g_completer || !rl_line_buffer) return 0;
    int end = rl_point;
    int start = end;
    while (start > 0 && !strchr(g_word_breaks, rl_line_buffer[start - 1])) start--;
    char **cands = g_completer(rl_line_buffer, start, end);
    size_t n = 0;
    while (cands && cands[n]) n++;
    if (n == 0) {
        free(cands);
        rl_ding();
        return 0;
    }
    size_t common = strlen(cands[0]);
    for (size_t i = 1; i < n; i++) {
        size_t j = 0;
        while (j < common && cands[i][j] == cands[0][j]) j++;
        common = j;
    }
    size_t typed = (size_t)(end - start);
    if (common > typed) {
        char *rest = strndup(cands[0] + typed, common - typed);
        if (rest) rl_insert_text(rest);
        free(rest);
    } else if (n > 1) {
        le_list(cands, n);
    }
    for (size_t i = 0; i < n; i++) free(cands[i]);
    free(cands);
    // A bound function's changes are not redrawn by libedit (it reports CC_NORM), and a
    // forced update draws as if the cursor were at the start of the edited line's first row:
    // put it there (a list just printed left it at the start of a fresh row). The line only
    // grew, so the redraw covers the old text.
    if (common > typed) {
        FILE *out = rl_outstream ? rl_outstream : stdout;
        size_t column = g_prompt_width;
        for (int i = 0; i < end; i++)
            if (((unsigned char)rl_line_buffer[i] & 0xC0) != 0x80) column++;
        size_t up = column / (size_t)le_width();
        if (up > 0) fprintf(out, "\033[%zuA", up);
        fputc('\r', out);
        fflush(out);
    }
    rl_forced_update_display();
    return 0;
}

// Columns that the UTF-8 text `s` (its first `n` bytes) takes: one per character.
static size_t le_columns(const char *s, size_t n) {
    size_t cols = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) cols++;
    return cols;
}

// The history entry `i` (0 is the oldest), or NULL.
static const char *le_history_line(int i) {
    HIST_ENTRY *h = history_get(history_base + i);
    return h && h->line ? h->line : NULL;
}

// The newest history entry at or before `from` that contains `query` and differs from
// `skip` (the match shown, so Ctrl-R moves to an older line), or -1.
static int le_history_find(const char *query, int from, const char *skip) {
    for (int i = from; i >= 0; i--) {
        const char *line = le_history_line(i);
        if (line && strstr(line, query) && !(skip && strcmp(line, skip) == 0)) return i;
    }
    return -1;
}

// Ctrl-R: incremental reverse search through the history, drawn as GNU readline draws it,
//     (reverse-i-search)`text': the newest line containing text
// and "(failed reverse-i-search)" when no line does. Typing extends the text, Backspace
// shortens it, Ctrl-R again finds an older line; Enter runs the line found; Esc, an arrow
// or another control key puts it on the prompt for editing (and then acts); Ctrl-G gives
// the line as it was back; Ctrl-C drops it, as at the prompt. Bound in place of libedit's
// em-inc-search-prev, whose bare `bck:` prompt says nothing to a readline user.
//
// The search line is drawn here, not by libedit: the edited line's display is erased first
// and redrawn by libedit at the end (as le_tab does), with the match put in its buffer.
static int le_rsearch(int count, int key) {
    (void)count; (void)key;
    FILE *out = rl_outstream ? rl_outstream : stdout;
    FILE *in = rl_instream ? rl_instream : stdin;
    char query[256] = "";
    size_t qlen = 0;
    int found = -1;          // history index of the line shown
    int failed = 0;
    // Erase the edited line: up to its first row, then to the end of the screen.
    size_t up = (g_prompt_width + le_columns(rl_line_buffer ? rl_line_buffer : "", (size_t)rl_point))
        / (size_t)le_width();
    if (up > 0) fprintf(out, "\033[%zuA", up);
    fputs("\r\033[J", out);
    size_t drawn_rows = 0;
    int accept = 0;          // 1: put the match on the line; 0: leave the line as it was
    for (;;) {
        const char *match = found >= 0 ? le_history_line(found) : NULL;
        if (drawn_rows > 0) fprintf(out, "\033[%zuA", drawn_rows);
        fputs("\r\033[J", out);
        const char *label = failed ? "(failed reverse-i-search)`" : "(reverse-i-search)`";
        fprintf(out, "%s%s': %s", label, query, match ? match : "");
        fflush(out);
        size_t cols = le_columns(label, strlen(label)) + le_columns(query, qlen) + 3
            + (match ? le_columns(match, strlen(match)) : 0);
        drawn_rows = cols > 0 ? (cols - 1) / (size_t)le_width() : 0;

        int c = le_readbyte(in);
        if (c == EOF || c == -2) break;                 // Ctrl-C: le_getc ends the line next
        if (c == 0x07) break;                           // Ctrl-G: the line as it was
        if (c == 0x12) {                                // Ctrl-R: an older line
            if (qlen == 0) continue;
            int older = found >= 0 ? le_history_find(query, found - 1, match) : -1;
            if (older >= 0) { found = older; failed = 0; } else failed = 1;
            continue;
        }
        if (c == 0x7F || c == 0x08) {                   // Backspace: a shorter text
            if (qlen == 0) continue;
            do qlen--; while (qlen > 0 && ((unsigned char)query[qlen] & 0xC0) == 0x80);
            query[qlen] = 0;
            found = qlen ? le_history_find(query, history_length - 1, NULL) : -1;
            failed = qlen && found < 0;
            continue;
        }
        if (c == '\r' || c == '\n') {                  // Enter: run the line found
            accept = 1;
            le_push('\n');
            break;
        }
        if (c < 0x20) {                                 // Esc, arrows, Ctrl-A...: edit it,
            accept = 1;                                 // from the end of the line (Ctrl-E)
            le_push(0x05);
            le_push((unsigned char)c);
            break;
        }
        if (qlen + 1 < sizeof query) {
            query[qlen++] = (char)c;
            query[qlen] = 0;
            // The text grew: the line shown still counts if it contains it.
            int from = found >= 0 ? found : history_length - 1;
            int next = le_history_find(query, from, NULL);
            if (next >= 0) { found = next; failed = 0; } else failed = 1;
        }
    }
    // Back to where the search line began, cleared, for libedit to draw the prompt again.
    if (drawn_rows > 0) fprintf(out, "\033[%zuA", drawn_rows);
    fputs("\r\033[J", out);
    fflush(out);
    const char *match = found >= 0 ? le_history_line(found) : NULL;
    if (accept && match && *match) rl_replace_line(match, 0);
    rl_forced_update_display();
    return 0;
}

void le_setup(const char *appname, le_completer_fn completer, const char *word_breaks) {
    // libedit edits wide characters and converts with LC_CTYPE. Lua strings are bytes and the
    // analysts' data is UTF-8, so use UTF-8 even when the environment names no locale. Only
    // LC_CTYPE: LC_NUMERIC would change how Lua prints and reads numbers.
    const char *ctype = setlocale(LC_CTYPE, "");
    if (!ctype || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    g_completer = completer;
    snprintf(g_word_breaks, sizeof g_word_breaks, "%s", word_breaks);
    rl_readline_name = appname;
    rl_catch_signals = 0;   // our handler (le_install_sigint) owns SIGINT
    rl_getc_function = le_getc;
    rl_initialize();
    rl_add_defun("pmo-complete", le_tab, '\t');
    rl_add_defun("pmo-reverse-search", le_rsearch, 0x12);
}

char *le_readline(const char *prompt, int *interrupted) {
    *interrupted = 0;
    g_prompt_interrupt = 0;
    g_prompt_width = strlen(prompt);
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

int le_history_load(const char *path) {
    return read_history(path) == 0 ? 0 : (errno ? errno : EIO);
}

int le_history_save(const char *path, int max) {
    if (write_history(path) != 0) return errno ? errno : EIO;
    history_truncate_file(path, max);
    return 0;
}
