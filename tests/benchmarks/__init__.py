"""Benchmarks: `uv run --group bench pytest tests/benchmarks -m bench -n 0 -s`."""
