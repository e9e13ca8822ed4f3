#!/bin/sh
# Screenshots of the signed PDF record for docs/screenshots: its first page and its Decisions page.
#
# Makes a fresh demo workshop in a throw-away data folder, exports and signs its record through the CLI (signing
# locks the workshop, so never point this at real data), and converts two pages with pdftoppm (poppler-utils).
#
#   sh tools/screenshot_record_pdf.sh [OUT_DIR]        (from the repository root; OUT_DIR: docs/screenshots)
#
# The signing key's passphrase comes from COPRODUCE_PASSPHRASE (a demo value if it is not set).
set -eu
OUT=${1:-docs/screenshots}
BIN=${BIN:-.venv/bin}
DATA=$(mktemp -d /tmp/coproduce-record-shots.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
export COPRODUCE_PASSPHRASE="${COPRODUCE_PASSPHRASE:-demo passphrase for screenshots}"

"$BIN/coproduce" --data-dir "$DATA" demo >/dev/null
WORKSHOP=$("$BIN/coproduce" --data-dir "$DATA" list | cut -f1 | head -n 1)
# the demo is ready to sign; should a check ever fail, sign anyway with a reason (the record then shows both)
if "$BIN/coproduce" --data-dir "$DATA" check "$WORKSHOP" >/dev/null; then
  "$BIN/coproduce" --data-dir "$DATA" export "$WORKSHOP" --out "$DATA/record.pdf"
else
  "$BIN/coproduce" --data-dir "$DATA" export "$WORKSHOP" --out "$DATA/record.pdf" \
    --gaps-reason "The open points will be reported back at the next meeting."
fi

# The Decisions section starts on the page whose first line is "Decisions".
PAGES=$(pdfinfo "$DATA/record.pdf" | awk '/^Pages:/ {print $2}')
DECISIONS=""
page=1
while [ "$page" -le "$PAGES" ]; do
  first=$(pdftotext -f "$page" -l "$page" "$DATA/record.pdf" - | grep -v '^[[:space:]]*$' | head -n 1)
  if [ "$first" = "Decisions" ]; then DECISIONS=$page; break; fi
  page=$((page + 1))
done
[ -n "$DECISIONS" ] || { echo "No page starts with 'Decisions' in the record" >&2; exit 1; }

pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$DATA/record.pdf" "$OUT/record-page-1"
pdftoppm -png -r 70 -f "$DECISIONS" -l "$DECISIONS" -singlefile "$DATA/record.pdf" "$OUT/record-decisions"
echo "Wrote $OUT/record-page-1.png and $OUT/record-decisions.png (Decisions: page $DECISIONS of $PAGES)"
