#!/usr/bin/env bash
# Text fidelity of jixiao's PDF reading vs poppler's pdftotext, and ms/page per backend.
#   usage: scripts/pdf_fidelity.sh [PDF...]   (default: ../shared/eval/pdf/*.pdf)
# Needs pdftotext (apt-get install poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then set -- ../shared/eval/pdf/*.pdf; fi
cargo run --quiet --release --example pdf_fidelity -- "$@"
