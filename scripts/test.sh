#!/usr/bin/env bash
# The whole test suite, from a fresh machine: set-up, typecheck, lint, unit + medium + e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm run check
npm run lint
npm test
