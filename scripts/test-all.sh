#!/usr/bin/env bash
# The whole test suite: schema and generated code current, types check, then every test on
# PGlite + in-process bus and again on Postgres + Redis (TEST_DATABASE_URL, TEST_REDIS_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
export APOLLO_TELEMETRY_DISABLED=1
results="$(mktemp -d)"

echo "== composed supergraph is current"
npx tsx scripts/compose.ts --check
echo "== generated types are current"
node scripts/codegen-check.mjs
echo "== types check"
npx turbo run typecheck --output-logs=errors-only

echo "== tests on PGlite + in-process bus"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/embedded.json"
echo "== tests on Postgres + Redis"
SHOP_TEST_MODE=distributed npx vitest run --reporter=default --reporter=json --outputFile.json="$results/distributed.json"

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const mode of ["embedded", "distributed"]) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + mode + ".json", "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    console.log(mode + ": " + r.numPassedTests + " passed, " + r.numFailedTests + " failed");
  }
  console.log(passed + " passed, " + failed + " failed" + (skipped ? ", " + skipped + " skipped" : ""));
' "$results"
