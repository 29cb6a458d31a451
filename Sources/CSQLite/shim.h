// What Swift cannot import from sqlite3.h: the destructor sentinels are casts of integers.
#ifndef GCSCP_CSQLITE_SHIM_H
#define GCSCP_CSQLITE_SHIM_H
#include <sqlite3.h>

static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }

#endif
