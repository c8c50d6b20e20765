"""Bundled data (gazetteers, cue lists, rules): a resource package read via importlib.resources."""
