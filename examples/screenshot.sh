#!/usr/bin/env bash
# Screenshot of the page that checks every attribution of an article.
#
#   examples/screenshot.sh [ARTICLE] [OUT.png]
#
# Writes the HTML page of ARTICLE (default: the bundled reference article) next to
# OUT.png (default: attributions.png) and photographs it in headless Chromium
# (Debian's /usr/bin/chromium, or $CHROMIUM). With the Node packages of tests/js
# installed (npm ci --prefix tests/js) the shot shows a quotation's details as on
# focus; without them, Chromium's own --screenshot takes the page as it loads.
set -euo pipefail
cd "$(dirname "$0")/.."
article="${1:-fixtures/articles/xinhua-security-treaty.md}"
out="${2:-attributions.png}"
page="${out%.png}.html"
chromium="${CHROMIUM:-/usr/bin/chromium}"

cargo run --release --quiet -- extract --format html "$article" -o "$page"

if [ -d tests/js/node_modules/playwright-core ]; then
  CHROMIUM="$chromium" node tests/js/check-page.mjs "$page" "$out" > /dev/null
else
  profile="$(mktemp -d)"
  trap 'rm -rf "$profile"' EXIT
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1000,1400 \
    --screenshot="$(realpath -m "$out")" "file://$(realpath "$page")" 2> /dev/null
fi
echo "wrote $page and $out"
