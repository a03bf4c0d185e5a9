"""Benchmarks: figures next to raw baselines measured in the same run."""
