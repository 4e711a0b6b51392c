#!/usr/bin/env bash
# Run `make test` where nothing listens on 5432 or 6379, as on a fresh machine:
# a private network namespace has its own loopback, so the host's PostgreSQL and
# Redis are out of reach. A veth pair gives Chromium a non-loopback link, or it
# reports navigator.onLine = false and the board shows "offline" by design.
# Needs root (unshare -n); install first (`make install system-deps-test`),
# since PyPI is out of reach inside the namespace too.
set -euo pipefail
cd "$(dirname "$0")/.."
exec unshare -n bash -c '
  ip link set lo up
  ip link add v0 type veth peer name v1
  ip link set v1 up
  ip addr add 10.255.0.1/24 dev v0
  ip link set v0 up
  ip route add default via 10.255.0.2
  for port in 5432 6379; do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "something listens on $port inside the namespace" >&2; exit 1
    fi
  done
  echo "nothing listens on 5432 or 6379; running make test"
  make test
'
