// What Swift cannot import from sqlite3.h: the destructor sentinels are casts of integers.
#ifndef GCSCP_CSQLITE_SHIM_H
#define GCSCP_CSQLITE_SHIM_H
#include <sqlite3.h>

static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }

// sqlite3_db_config is variadic, which Swift cannot call: keep a connection from checkpointing when it closes.
static inline int csqlite_disable_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

#endif
