#!/usr/bin/env bash
# Makes the fonts EM Lab draws exported figures with (src-core/src/main/resources/org/emlab/core/figure/fonts):
# subsets of DejaVu Sans 2.37 and DejaVu Sans Bold that keep every character the app draws.
# Needs fonttools (pyftsubset; Debian: fonttools) and the DejaVu fonts (Debian: fonts-dejavu-core).
# No ligatures (liga, ccmp): a PDF would show "fi" as one glyph that text extraction loses.
# When a lab starts to draw a character outside these ranges, add it here and run this again.
set -euo pipefail
src="${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}"
out="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src-core/src/main/resources/org/emlab/core/figure/fonts"
ranges="U+0020-007E,U+00A0-017F,U+0300-036F,U+0370-03FF,U+0400-045F,U+1D2C-1D6A,U+1E00-1EFF,U+2000-206F,\
U+2070-209F,U+20AC,U+2100-218F,U+2190-21FF,U+2200-22FF,U+2300-230B,U+25A0-25FF,U+2630,U+2684,U+26A0,\
U+2713-2717,U+275A,U+27E8-27E9,U+2A7D-2A7E,U+2AAF-2AB0"
for f in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$src/$f.ttf" --unicodes="$ranges" --output-file="$out/$f.ttf" --notdef-outline \
    --name-IDs='*' --name-legacy --name-languages='*' --no-hinting --layout-features='kern,mark,mkmk'
done
ls -l "$out"
