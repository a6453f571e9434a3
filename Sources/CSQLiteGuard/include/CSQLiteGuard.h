// CSQLiteGuard: the settings of a SQLite connection that Swift cannot make itself, because
// sqlite3_db_config is variadic (Swift cannot call C variadic functions).
#ifndef CSQLITEGUARD_H
#define CSQLITEGUARD_H

#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Switches off, on `db`, what no pmo connection needs and an attacker could use:
///   * the two-argument form of fts3_tokenizer(), which takes a pointer to a tokenizer
///     module from SQL (Debian builds SQLite with SQLITE_ENABLE_FTS3_TOKENIZER, so that SQL
///     which can call it can make SQLite jump to an address of its choosing);
///   * load_extension() from SQL and the C API (off by default; made sure of);
///   * "defensive" mode on: no writable_schema, no writes to shadow tables or raw pages.
/// Returns SQLITE_OK, or the first error code.
int pmo_sqlite_guard(sqlite3 *db);

/// Whether fts3_tokenizer() with a pointer argument is enabled on `db` (1), not (0), or the
/// query failed (-1). For tests.
int pmo_sqlite_fts3_tokenizer_enabled(sqlite3 *db);

#ifdef __cplusplus
}
#endif

#endif
