#!/usr/bin/env bash
# Runs the test suite again on the other supported Node.js lines, 22, 24 and 26, after `npm test` has
# built dist/ (the build does not depend on the Node version that runs it). The Node binaries come
# from the npm registry's `node` package, through npm's own cache: no system install, no root.
#
#   scripts/test-other-nodes.sh           the unit and CLI tests (test project `unit`) on Node 22, 24 and 26
#   scripts/test-other-nodes.sh --full    the whole suite, integration tests against MinIO included
#   NODE_VERSIONS="22 24" scripts/test-other-nodes.sh
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a versions <<< "${NODE_VERSIONS:-22 24 26}"
vitest_args=(run --project unit)
if [ "${1:-}" = "--full" ]; then vitest_args=(run); fi

if [ ! -f dist/cli/main.js ]; then
  echo "test-other-nodes: dist/ is missing; run npm run build (or npm test) first" >&2
  exit 1
fi

for version in "${versions[@]}"; do
  node_bin="$(npm exec --yes --package="node@${version}" -- node -p 'process.execPath')"
  echo "test-other-nodes: Node $("$node_bin" --version) ($node_bin): vitest ${vitest_args[*]}" >&2
  # First on PATH too, so that anything a test starts as plain `node` runs on this version as well.
  PATH="$(dirname "$node_bin"):$PATH" "$node_bin" node_modules/vitest/vitest.mjs "${vitest_args[@]}"
done
