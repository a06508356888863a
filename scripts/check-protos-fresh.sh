#!/usr/bin/env bash
# Fails when the committed output of `make proto` (protoc-c's in Sources/CPlanProto,
# Sources/CPlanWireProto and their Swift init glue; the Swift contract in Sources/PlanAPI/Generated
# Sources/PlanGateway/HTTP/Generated and Sources/PlanPresentation/Generated; PROTOCOL.md §15) is not exactly what scripts/generate-protos.sh makes
# from Protos/ now: regenerates into a scratch folder and compares.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$root/scripts/generate-protos.sh" "$scratch" >/dev/null

stale=0
for target in Sources/CPlanProto Sources/CPlanWireProto; do
    if ! diff -r "$root/$target" "$scratch/$target" >/dev/null; then
        stale=1
        echo "$target differs from what Protos/ generates:" >&2
        diff -rq "$root/$target" "$scratch/$target" | sed "s|$scratch|<generated>|g; s|$root/||g" >&2 || true
    fi
done
for inits in Sources/PlanWire/Transport/WireCMessages+Init.swift Sources/PlanAPI/Protobuf/CMessages+Init.swift; do
    if ! diff "$root/$inits" "$scratch/$inits" >"$scratch/swift.diff"; then
        stale=1
        echo "$inits differs from what Protos/ generates:" >&2
        head -20 "$scratch/swift.diff" >&2
    fi
done
if ! diff "$root/PROTOCOL.md" "$scratch/PROTOCOL.md" >"$scratch/protocol.diff"; then
    stale=1
    echo "PROTOCOL.md §15 differs from what the comments of Protos/ make:" >&2
    head -20 "$scratch/protocol.diff" >&2
fi
for generated in Sources/PlanAPI/Generated Sources/PlanGateway/HTTP/Generated Sources/PlanPresentation/Generated; do
    if ! diff -r "$root/$generated" "$scratch/$generated" >"$scratch/generated.diff"; then
        stale=1
        echo "$generated differs from what Protos/ generates:" >&2
        head -20 "$scratch/generated.diff" | sed "s|$scratch/||g; s|$root/||g" >&2
    fi
done
if [[ $stale -ne 0 ]]; then
    echo "make proto output is stale: run 'make proto' and commit the result" >&2
    exit 1
fi
echo "make proto output is fresh"
