"""The CinemAI load benchmark: `python benchmarks/run.py --help` (see benchmarks/README.md)."""
