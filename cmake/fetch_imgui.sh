#!/bin/sh
# Fetches Debian's Dear ImGui source package into DIR (the build folder's third_party/).
# Run by CMake at configure time (cmake/AbonImgui.cmake); never committed.
#   fetch_imgui.sh DIR
# `apt-get source` needs a deb-src entry: when there is none and we are root, one is added
# for the archives and suites of /etc/apt/sources.list.d/debian.sources.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"

has_deb_src() {
  grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/
}

if ! has_deb_src; then
  main=/etc/apt/sources.list.d/debian.sources
  if [ "$(id -u)" -ne 0 ] || [ ! -f "$main" ]; then
    echo "fetch_imgui: no deb-src entry for apt; add one for $main's suites (as root: ./run deps)" >&2
    exit 1
  fi
  # Each deb stanza again, as deb-src; comments dropped.
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       /(^|\n)Types:[^\n]*deb/ { out = ""; n = split($0, lines, "\n")
         for (i = 1; i <= n; i++) { l = lines[i]; if (l ~ /^#/) continue
           if (l ~ /^Types:/) l = "Types: deb-src"; out = out l "\n" }
         printf "%s\n", out }' "$main" >/etc/apt/sources.list.d/abon-deb-src.sources
  apt-get update -qq
fi

if ! apt-get source -qq imgui >/dev/null 2>&1; then
  # The package lists may predate the deb-src entry or be stale.
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; fi
  apt-get source -qq imgui >/dev/null
fi
ls -d "$dir"/imgui-*/imgui.cpp >/dev/null
