// SQLite's C API, for the differential test against FTS5 (Debian's libsqlite3 and macOS's system SQLite
// are built with FTS5).
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import as a macro.
static inline void (*csqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
