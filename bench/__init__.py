"""The benchmark harness: `python bench/run.py` measures the app and writes docs/BENCHMARKS.md."""
