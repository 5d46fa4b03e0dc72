#!/usr/bin/env bash
# The evaluation harness on MovieLens 100k (`make eval` equivalent). Any option is passed through:
#   scripts/eval.sh                                  # full run, real MiniLM model, every variant (~10 min on 2 cores)
#   scripts/eval.sh --embedder hashing --users 100  # quick look (~1 min)
#   scripts/eval.sh --list-variants
# MovieLens (inside the recbole wheel) and the catalog vectors are cached in .cache/eval (git-ignored);
# the table and chart land in reports/ (git-ignored). MovieLens may not be redistributed: never commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
if command -v cinemai >/dev/null 2>&1 && cinemai eval --help >/dev/null 2>&1; then
    exec cinemai eval "$@"
fi
exec python -m src.evaluation.commands "$@"
