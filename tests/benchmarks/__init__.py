"""Benchmarks: `uv run --group bench pytest tests/benchmarks -m bench -s`."""
