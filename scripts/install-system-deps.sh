#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as real consumers: the AWS CLI and the shells
# (dash, bash, zsh, fish); plus OpenLDAP's server and client tools (slapd, ldap-utils) for the LDAP
# tests and openssl for the certificate tests; and for the OS keyring tests a real Secret Service:
# gnome-keyring (gnome-keyring-daemon), dbus-x11 (dbus-daemon for a private session bus) and
# libsecret-tools (secret-tool, an independent reader of what `sts-creds keyring add` stores).
# nginx: a real TLS reverse proxy for the MinIO Operator layout (STS under /sts/<namespace> on its own port).
# Idempotent; skips what is already installed.
# slapd and gnome-keyring are only installed, never started as services: the tests run their own instances.
set -euo pipefail
want=(awscli zsh fish dash bash slapd ldap-utils openssl gnome-keyring dbus-x11 libsecret-tools nginx)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: apt-get not found; install these yourself: ${missing[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-system-deps: installing ${missing[*]}" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
