#!/usr/bin/env bash
# The README's run command: builds the modules (tests skipped) and runs the sample main job.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
exec mvn -B -q -pl samples exec:java "$@"
