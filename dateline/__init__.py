"""The `dateline` command: a thin CLI over `core` that opens the `tui` app."""
