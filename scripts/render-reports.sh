#!/usr/bin/env bash
# Renders every report kind of the demo county to PNG pages under test/artifacts/reports/, so a
# person can look at them. Not part of CI. Installs LibreOffice, poppler-utils and a CJK font from
# Debian's packages when they are missing.
#   scripts/render-reports.sh            # demo county, year 2011
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null || ! fc-list :lang=zh | grep -q .; then
  sudo=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libreoffice-calc poppler-utils fonts-noto-cjk >/dev/null
fi

out=test/artifacts/reports
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out"

export DATABASE_URL="file:$work/demo.db"
npm run --silent cli -- demo --password render-demo >/dev/null
for spec in monthly:2011-06 quarterly:2011-Q2 half-year:2011-H1 annual:2011 notice:2011 pledge-forms:2011; do
  kind=${spec%%:*} period=${spec#*:}
  npm run --silent cli -- report "$kind" "$period" --org 1 --out "$work/$kind.xlsx"
  # A profile of its own, so a LibreOffice already running elsewhere does not take the job.
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" "$work/$kind.xlsx" >/dev/null 2>&1
  # The first pages (cover and the start of each sheet) and the last one are enough to judge
  # the layout; the pledge forms alone run to hundreds of pages.
  pages=$(pdfinfo "$work/$kind.pdf" | awk '/^Pages:/ {print $2}')
  pdftoppm -png -r 60 -l 24 "$work/$kind.pdf" "$out/$kind"
  if [ "$pages" -gt 24 ]; then pdftoppm -png -r 60 -f "$pages" -l "$pages" "$work/$kind.pdf" "$out/$kind"; fi
  cp "$work/$kind.xlsx" "$out/"
done
ls "$out"
