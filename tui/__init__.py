"""dateline's Textual app: a face over the core's timeline model."""
