"""dateline's core: the timeline model and the pure functions that build it (no UI imports here)."""
