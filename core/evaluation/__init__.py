"""Evaluation only (benchmarks and their tests): TimeML reading and TempEval-3 scoring."""
