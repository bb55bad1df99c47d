#!/usr/bin/env bash
# Brings a machine to the point where the pipeline and the tests can run: npm packages,
# Mosquitto's command-line clients, a private InfluxDB (scripts/influxdb.sh), and checks that
# PostgreSQL and Redis answer (starting the machine's own when they are installed but stopped).
# Idempotent and quiet when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# npm packages: reinstall when package-lock.json changed since the last install.
stamp="node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

command -v mosquitto_pub >/dev/null || { echo "setup: installing mosquitto-clients" >&2; apt_install mosquitto-clients; }
command -v redis-server >/dev/null || { echo "setup: installing redis-server" >&2; apt_install redis-server; }

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "setup: PostgreSQL not answering on 127.0.0.1:5432, trying to start the machine's cluster" >&2
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "setup: PostgreSQL is not available on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "setup: Redis not answering on 127.0.0.1:6379, starting one with AOF under .data/redis" >&2
  mkdir -p .data/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir "$root/.data/redis" --appendonly yes --appendfsync everysec \
    --logfile "$root/.data/redis/redis.log"
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

scripts/influxdb.sh start
