// SNN engine: filled in by the SNN engine issue.
