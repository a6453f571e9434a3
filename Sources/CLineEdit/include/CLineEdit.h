// CLineEdit: the few line-editing calls the REPL needs, over libedit's readline-compatible API
// (BSD licence; DESIGN.md decision 7). Swift cannot call C variadic functions or set libedit's
// function-pointer globals comfortably, so this small C layer does it and exposes plain calls.
//
// Not thread-safe: libedit keeps one global editor. Use it from the REPL's thread only.
#ifndef CLINEEDIT_H
#define CLINEEDIT_H

#ifdef __cplusplus
extern "C" {
#endif

/// Returns the candidates for the word `line[start..<end]` (byte offsets; `end` is the cursor),
/// as a malloc'd NULL-terminated array of malloc'd strings, or NULL for none. Each candidate
/// is a whole word that starts with the typed word. The caller frees them.
typedef char **(*le_completer_fn)(const char *line, int start, int end);

/// Sets up the editor once: the application name (for ~/.editrc sections), the completer
/// (bound to Tab) and the characters that separate words for completion.
void le_setup(const char *appname, le_completer_fn completer, const char *word_breaks);

/// Reads a line with editing. Returns a malloc'd line without its newline, or NULL. NULL with
/// *interrupted set means Ctrl-C abandoned the line; NULL without it means end of input.
char *le_readline(const char *prompt, int *interrupted);

/// Installs the process's SIGINT handler. While a target is set (code is running) the handler
/// calls `target(arg)`; otherwise (at the prompt) it makes the pending le_readline return with
/// *interrupted set. The handler itself only sets flags and calls `target`, which must be
/// async-signal-safe. Also installs a SIGWINCH handler so the editor follows a resized window.
void le_install_sigint(void);
/// Sets (or clears, with NULL) what Ctrl-C stops. Call with NULL before reading a line.
void le_set_sigint_target(void (*target)(void *), void *arg);

/// Adds a line to the in-memory history.
void le_history_add(const char *line);
/// Caps the in-memory history at `max` entries.
void le_history_limit(int max);
/// Reads a history file written by le_history_save. Returns 0 on success, else an errno.
int le_history_load(const char *path);
/// Writes the history to `path`, keeping at most `max` entries. Returns 0 or an errno.
int le_history_save(const char *path, int max);

#ifdef __cplusplus
}
#endif
#endif
