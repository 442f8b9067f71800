#!/usr/bin/env bash
# Install everything hoso and its tests need: Debian packages (when run as root or with sudo),
# then a virtualenv with hoso and its development tools.
set -euo pipefail
venv=${1:-.venv}
here=$(cd "$(dirname "$0")/.." && pwd)

missing=""
for package in $(grep -v '^#' "$here/scripts/system-packages.txt"); do
    dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed \
        || missing="$missing $package"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing Debian packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "hoso needs Python 3.11 or newer" >&2; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e "$here[dev]"
