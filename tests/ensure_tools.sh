#!/usr/bin/env bash
# Make sure the system tools the project needs are there. As root, install what is missing
# with apt; otherwise say what to install and stop.
set -euo pipefail

declare -A CHECK=(
  [gettext]="command -v msgfmt"
  [redis]="command -v redis-server"
  [chromium]="test -x /usr/bin/chromium"
  [postgresql]="test -x /usr/lib/postgresql/15/bin/initdb"
)
declare -A PACKAGES=(
  [gettext]="gettext"
  [redis]="redis-server"
  [chromium]="chromium"
  [postgresql]="postgresql-15"
)

missing=()
for tool in "$@"; do
  if ! eval "${CHECK[$tool]}" >/dev/null 2>&1; then
    missing+=("${PACKAGES[$tool]}")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them first, for example: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
