#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as real consumers: the AWS CLI and the shells
# (dash, bash, zsh, fish); plus OpenLDAP's server and client tools (slapd, ldap-utils) for the LDAP
# tests and openssl for the certificate tests; and for the OS keyring tests a real Secret Service:
# gnome-keyring (gnome-keyring-daemon), dbus-x11 (dbus-daemon for a private session bus) and
# libsecret-tools (secret-tool, an independent reader of what `sts-creds keyring add` stores); and
# chromium, the real headless browser the `sts-creds login` tests sign in with (driven by playwright-core);
# nginx: a real TLS reverse proxy for the MinIO Operator layout (STS under /sts/<namespace> on its own port).
# Idempotent; skips what is already installed.
# slapd and gnome-keyring are only installed, never started as services: the tests run their own instances.
set -euo pipefail
want=(awscli zsh fish dash bash slapd ldap-utils openssl gnome-keyring dbus-x11 libsecret-tools chromium nginx)
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
# Another apt-get or dpkg (unattended upgrades, a second set-up) may hold a lock. DPkg::Lock::Timeout makes
# `install` wait for dpkg's lock, but `update` takes the lists lock, which apt-get does not wait for: retry
# while a lock is held, saying so, for up to STS_CREDS_APT_LOCK_WAIT seconds (default 600).
lock_wait="${STS_CREDS_APT_LOCK_WAIT:-600}"
lock_poll="${STS_CREDS_APT_LOCK_POLL:-5}"
apt_get() {
  local waited=0 out
  while :; do
    if out=$($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$lock_wait" "$@" 2>&1); then
      return 0
    fi
    if ! grep -q 'Could not get lock' <<<"$out" || [ "$waited" -ge "$lock_wait" ]; then
      printf '%s\n' "$out" >&2
      return 1
    fi
    echo "install-system-deps: waiting for the package manager's lock ($(grep -o 'held by process [0-9]* ([^)]*)' <<<"$out" | head -n 1 || true)); ${waited}s so far" >&2
    sleep "$lock_poll"
    waited=$((waited + lock_poll))
  done
}
echo "install-system-deps: installing ${missing[*]}" >&2
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}"
