#!/usr/bin/env bash
# Make a Chromium available for the browser tests and PDF export.
# Uses $SVD_CHROMIUM if it names an executable; otherwise installs Debian's chromium with
# apt-get when it is missing and apt-get is available (as root, or through sudo).
set -euo pipefail
browser="${SVD_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
    echo "chromium: $browser"
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    echo "Installing Debian's chromium with apt-get ..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium poppler-utils >/dev/null
fi
if [ -x "$browser" ]; then
    echo "chromium: $browser"
    exit 0
fi
echo "No Chromium at $browser and apt-get could not install one: set SVD_CHROMIUM to a Chromium executable." >&2
exit 1
