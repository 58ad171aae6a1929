#!/usr/bin/env bash
# Installs everything zwgk needs on a fresh Debian machine: Debian's Chromium (Playwright cannot
# download its own browser here), CJK fonts for reports and screenshots, nginx for the crawl
# benchmark, and the Python package with its test extras. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium fonts-noto-cjk nginx)
python3 -m pip --version >/dev/null 2>&1 || DEBIAN_PACKAGES+=(python3-pip python3-venv)
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "安装 Debian 软件包：${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PIP_FLAGS=(--quiet --disable-pip-version-check --root-user-action=ignore)
# Debian's own Python refuses pip installs (PEP 668) unless told this machine is the tool's.
if python3 -c 'import os, sysconfig; raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
  PIP_FLAGS+=(--break-system-packages)
fi
python3 -m pip install "${PIP_FLAGS[@]}" -e ".[test]"
echo "zwgk 已安装：$(command -v zwgk)"
