// Audio front end: filled in by the Speech Commands issue.
