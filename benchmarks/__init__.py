"""Benchmarks: quality, speed and memory measured against baselines in the same run."""
