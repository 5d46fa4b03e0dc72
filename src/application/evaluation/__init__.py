"""The offline evaluation harness: leave-last-liked-out on public ratings through the real pipeline."""
