#!/usr/bin/env bash
# The main job from a fresh machine: set-up, then the whole pipeline in one process with simulated
# hives and olive-grove stations publishing over MQTT. Arguments go to scripts/demo.ts (--help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec npx tsx scripts/demo.ts "$@"
