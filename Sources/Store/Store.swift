// The Store module; its first types arrive with the foundation issue.
