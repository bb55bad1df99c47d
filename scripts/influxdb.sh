#!/usr/bin/env bash
# Installs InfluxDB from Debian's `influxdb` package when missing and starts a private instance with
# its data under .data/influxdb and its HTTP API on MTC_INFLUX_PORT (default 8186), so it never
# collides with a system instance. Idempotent: an instance already answering is left running.
#   scripts/influxdb.sh start | stop | status
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${MTC_INFLUX_PORT:-8186}"
rpc_port="${MTC_INFLUX_RPC_PORT:-8188}"
dir="$root/.data/influxdb"
pidfile="$dir/influxd.pid"

ping() { curl -fsS -o /dev/null "http://127.0.0.1:$port/ping" 2>/dev/null; }

install() {
  command -v influxd >/dev/null && return
  echo "influxdb: installing Debian's influxdb package" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq influxdb >/dev/null
  # The package starts a system instance on 8086 where it can; ours is separate.
}

start() {
  if ping; then echo "influxdb: already answering on :$port"; return; fi
  install
  mkdir -p "$dir/meta" "$dir/data" "$dir/wal"
  cat >"$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc_port"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
  index-version = "tsi1"
  cache-max-memory-size = "1g"
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  log-enabled = false
  max-body-size = 0
[monitor]
  store-enabled = false
[continuous_queries]
  log-enabled = false
CONF
  nohup influxd -config "$dir/influxdb.conf" >"$dir/influxd.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do
    if ping; then echo "influxdb: started on :$port (data in .data/influxdb)"; return; fi
    sleep 0.2
  done
  echo "influxdb: did not answer on :$port; see .data/influxdb/influxd.log" >&2
  tail -n 20 "$dir/influxd.log" >&2 || true
  exit 1
}

stop() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")"
    rm -f "$pidfile"
    echo "influxdb: stopped"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if ping; then echo "influxdb: up on :$port"; else echo "influxdb: down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
