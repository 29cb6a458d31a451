// The Node module; its first types arrive with the foundation issue.
