"""Persistence: the SQLite store, the JSON codec of the model, and ingest of files into it."""
