// See CSQLiteGuard.h.
#include "CSQLiteGuard.h"

int pmo_sqlite_guard(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
#ifdef SQLITE_DBCONFIG_DEFENSIVE
    rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
#endif
    return rc;
}

int pmo_sqlite_fts3_tokenizer_enabled(sqlite3 *db) {
    int on = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, -1, &on) != SQLITE_OK) return -1;
    return on;
}
