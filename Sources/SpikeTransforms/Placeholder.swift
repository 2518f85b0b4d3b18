// Filled in by the foundation issue.
