#!/usr/bin/env bash
# Regenerates the renderings in corpus/renderings/ from corpus/<stem>.txt reports:
#   <stem>.libreoffice.pdf   LibreOffice (text import, Noto Serif CJK SC, embedded subset)
#   <stem>.chromium.pdf      Chromium print-to-PDF of a plain HTML page
#   <stem>.stsong-cid.pdf    reportlab, non-embedded STSong-Light CID font (UniGB-UCS2-H)
#   <stem>.docx              python-docx, header block as a Word table
#   <stem>.html              the report inside a government-site page (nav, metadata, footer)
# and, from the first report, the broken inputs in tests/fixtures/bad/:
#   scanned.pdf (image only), encrypted-password.pdf (user password "secret"),
#   encrypted-empty-password.pdf (restrictions only: must be read), truncated.pdf.
# Tests use the committed files; they never run this script.
#
#   usage: scripts/make_fixtures.sh [REPORT.txt...]   (default: seven corpus reports)
#   env:   INSTALL=1  apt-get/pip install the tools first (needs root)
# Debian: libreoffice-writer-nogui fonts-noto-cjk chromium poppler-utils img2pdf qpdf
# PyPI:   reportlab python-docx
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${INSTALL:-0}" == 1 ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui fonts-noto-cjk chromium poppler-utils img2pdf qpdf
  pip install -q reportlab python-docx
fi
OUT=corpus/renderings
BAD=tests/fixtures/bad
mkdir -p "$OUT" "$BAD"
if [[ $# -eq 0 ]]; then set -- corpus/xinyuan-city-talent-housing-2023.txt corpus/liuxi-county-rural-water-2022.txt corpus/lanshan-county-health-commission-2023.txt \
  corpus/wanghu-district-waterlogging-feedback-2023.txt corpus/qiushui-county-veterans-services-selfeval-2023.txt \
  corpus/yunling-province-forest-compensation-2022.txt corpus/baihe-district-employment-2023.txt; fi

python3 scripts/make_fixtures.py "$OUT" "$@"

LOPROF=$(mktemp -d)
for src in "$@"; do
  stem=$(basename "$src" .txt)
  # LibreOffice: plain-text import with a CJK font, then PDF export.
  tmp=$(mktemp -d)
  cp "$src" "$tmp/$stem.txt"
  soffice -env:UserInstallation=file://$LOPROF --headless --norestore \
    --infilter="Text (encoded):UTF8,LF,Noto Serif CJK SC,zh-CN," --convert-to pdf --outdir "$tmp" "$tmp/$stem.txt" >/dev/null 2>&1
  mv "$tmp/$stem.pdf" "$OUT/$stem.libreoffice.pdf"
  # Chromium print-to-PDF (no header/footer: the date and URL would differ per run).
  ud=$(mktemp -d)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$ud" --no-pdf-header-footer \
    --print-to-pdf="$OUT/$stem.chromium.pdf" "file://$PWD/$OUT/$stem.print.html" >/dev/null 2>&1 || true
  rm -rf "$ud" "$tmp" "$OUT/$stem.print.html"
  test -s "$OUT/$stem.chromium.pdf"
done
rm -rf "$LOPROF"

first=$(basename "$1" .txt)
pdf="$OUT/$first.libreoffice.pdf"
# Scanned: page 1 as a 100 dpi grey image, no text layer.
pdftoppm -r 100 -gray -f 1 -l 1 -png "$pdf" "$BAD/scan"
img2pdf "$BAD"/scan-*1.png -o "$BAD/scanned.pdf"
rm -f "$BAD"/scan-*.png
qpdf --encrypt secret ownerpw 256 -- "$pdf" "$BAD/encrypted-password.pdf"
qpdf --encrypt "" ownerpw 128 --use-aes=y --print=none --modify=none --extract=n -- "$pdf" "$BAD/encrypted-empty-password.pdf"
sz=$(stat -c %s "$pdf"); head -c $((sz / 2)) "$pdf" > "$BAD/truncated.pdf"
ls -la "$OUT" "$BAD"
