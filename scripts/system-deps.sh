#!/usr/bin/env bash
# Install the Debian packages the platform needs: pango for WeasyPrint, Japanese
# fonts for PDFs and pages (IPAex Mincho keeps a 修了証 small, Noto CJK has every rare
# kanji), gettext for translations, and (for tests) Chromium and
# redis-server, which the two-process test starts on a port of its own.
# Usage: scripts/system-deps.sh run|test
set -euo pipefail
mode="${1:-run}"
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fonts-ipaexfont-mincho gettext)
[ "$mode" = "test" ] && packages+=(chromium redis-server)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "These system packages are missing. Install them, then run make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
