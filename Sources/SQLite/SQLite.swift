// The SQLite module; its first types arrive with the foundation issue.
import CSQLite
