#!/usr/bin/env bash
# Installs what the test suite needs besides the .NET SDK: tshark, which reads the pcap files
# that `epair tcpdump -w` writes (tests/Epair.Tests check them with it). Does nothing when
# everything is there; installs with apt-get only when running as root on a Debian-like system,
# and otherwise says what is missing. The tests that need tshark fail (never skip) without it.
set -uo pipefail

missing=()
command -v tshark >/dev/null 2>&1 || missing+=(tshark)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; the answer does not matter here.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
    if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
        apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1
    fi
    command -v tshark >/dev/null 2>&1 && exit 0
    echo "install-deps: could not install ${missing[*]}" >&2
    exit 1
fi
echo "install-deps: missing ${missing[*]}; install it (e.g. apt-get install tshark) or run this script as root" >&2
exit 1
