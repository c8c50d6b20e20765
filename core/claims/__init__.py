"""Claims: quotations and reported speech, their speakers, cues and stance."""
