#!/usr/bin/env bash
# Packages the live-daemon tests in tests/probe/ need: the sendmail binary,
# saslpasswd2 for a throw-away sasldb2, and the SASL PLAIN/LOGIN/sasldb
# plugins. Runs as root on a Debian machine. The tests never use the
# machine's own sendmail configuration: they compile a private sendmail.cf
# and run it in a private mount/network namespace.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# Installing sendmail-bin must not start a real MTA on port 25. Debian
# images normally carry a policy-rc.d that forbids service starts; supply one
# for the duration of the install where it is missing, and remove it after.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
fi

packages=(m4 sendmail-cf sendmail-bin sasl2-bin libsasl2-modules libsasl2-modules-db util-linux iproute2)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
