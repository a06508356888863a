#!/usr/bin/env bash
# Fails when the committed protoc-c output (Sources/CPlanProto and
# Sources/PlanWire/Protobuf/CMessages+Init.swift) is not exactly what scripts/generate-protos.sh
# makes from Protos/ now: regenerates into a scratch folder and compares.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$root/scripts/generate-protos.sh" "$scratch" >/dev/null

stale=0
if ! diff -r "$root/Sources/CPlanProto" "$scratch/Sources/CPlanProto" >"$scratch/c.diff"; then
    stale=1
    echo "Sources/CPlanProto differs from what Protos/ generates:" >&2
    diff -rq "$root/Sources/CPlanProto" "$scratch/Sources/CPlanProto" | sed "s|$scratch|<generated>|g; s|$root/||g" >&2 || true
fi
inits="Sources/PlanWire/Protobuf/CMessages+Init.swift"
if ! diff "$root/$inits" "$scratch/$inits" >"$scratch/swift.diff"; then
    stale=1
    echo "$inits differs from what Protos/ generates:" >&2
    head -20 "$scratch/swift.diff" >&2
fi
if [[ $stale -ne 0 ]]; then
    echo "protoc-c output is stale: run 'make proto' and commit the result" >&2
    exit 1
fi
echo "protoc-c output is fresh"
