#!/usr/bin/env bash
# Regenerates the protoc-c targets from Protos/ with protoc-c, deterministically.
#
#   scripts/generate-protos.sh [OUT_ROOT]
#
# OUT_ROOT defaults to the repository; scripts/check-protos-fresh.sh passes a scratch folder.
# Two C targets come out, so that the transport links only its own messages:
#   Sources/CPlanWireProto   plan/wire/v1/wire.proto (the transport's frames' payloads)
#   Sources/CPlanProto       every other proto (the API: model, catalogue, metrics, health)
# With target one of those, for each Protos/X/Y.proto it writes
#   target/X/Y.pb-c.c            (the generated C, which includes "X/Y.pb-c.h")
#   target/include/X/Y.pb-c.h    (found through the target's include/ folder)
# then target/include/module.modulemap, which lists the headers Swift imports, and a Swift file
# that makes every generated message struct a ProtobufCStruct through its xxx__init function:
# Sources/PlanWire/Transport/WireCMessages+Init.swift and Sources/PlanAPI/Protobuf/CMessages+Init.swift.
# Every earlier *.pb-c.c / *.pb-c.h under a target is removed first, so deleted protos leave
# nothing behind. Last, the Swift side of the contract into OUT_ROOT/Sources/PlanAPI/Generated
# and the JSON schemas of the responses into OUT_ROOT/Sources/PlanGateway/HTTP/Generated, their
# JSON writers into OUT_ROOT/Sources/PlanPresentation/Generated, and
# PROTOCOL.md §15 (the methods and their status codes) into OUT_ROOT/PROTOCOL.md:
# scripts/protoc-gen-plan-swift.py, a protoc plugin run by a stock protoc over Protos/ as
# published (see that file for what it writes). Nothing is edited by hand: the output is exactly
# what this script produces.
#
# Protos/ is the published contract and compiles with any stock protoc (-I Protos only): it
# carries no protoc-c option. protoc-c's options are added here, to a scratch copy of Protos/:
# after each file's `package` line, the import of protobuf-c/protobuf-c.proto and
#   option (pb_c_file).c_package = "<short prefix for the package, see c_package below>";
#   option (pb_c_file).gen_pack_helpers = false;
# and protoc-c compiles that copy (same relative paths, so the output names the same files).
#
# Needs protoc-c (Debian protobuf-c-compiler) and the descriptor.proto that protobuf-c.proto
# imports (Debian libprotobuf-dev), protoc (Debian protobuf-compiler), all three installed by
# `make deps`, and Python 3 with protobuf from PyPI for the plugin (installed here into
# .build/python-venv, scripts/python-venv.sh).
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root}"
protos="$root/Protos"

command -v protoc-c >/dev/null || { echo "protoc-c is missing: run 'make deps'" >&2; exit 1; }
command -v protoc >/dev/null || { echo "protoc is missing: run 'make deps'" >&2; exit 1; }
include=""
for dir in /usr/include /usr/local/include; do
    if [[ -f "$dir/google/protobuf/descriptor.proto" && -f "$dir/protobuf-c/protobuf-c.proto" ]]; then
        include="$dir"
        break
    fi
done
[[ -n "$include" ]] || {
    echo "google/protobuf/descriptor.proto or protobuf-c/protobuf-c.proto not found: run 'make deps'" >&2
    exit 1
}

# Every proto, as a path relative to Protos/, in a fixed order.
mapfile -t files < <(cd "$protos" && find . -name '*.proto' -type f | sed 's|^\./||' | sort)
[[ ${#files[@]} -gt 0 ]] || { echo "no .proto files under $protos" >&2; exit 1; }

# The C name prefix of each proto package (protoc-c's c_package): Plan__Figure, not
# Plan__V1__Figure. A new package needs a line here and in C_PACKAGES of
# scripts/protoc-gen-plan-swift.py.
c_package() {
    case "$1" in
        plan.v1) echo plan ;;
        plan.wire.v1) echo wire ;;
        grpc.health.v1) echo health ;;
        *) echo "no protoc-c c_package for proto package '$1': add one to $0" >&2; return 1 ;;
    esac
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
annotated="$scratch/protos"
generated="$scratch/c"
mkdir -p "$generated"
for file in "${files[@]}"; do
    package="$(sed -n 's/^package \([A-Za-z0-9_.]*\);$/\1/p' "$protos/$file")"
    [[ -n "$package" ]] || { echo "$file has no 'package' line" >&2; exit 1; }
    prefix="$(c_package "$package")"
    mkdir -p "$annotated/$(dirname "$file")"
    awk -v prefix="$prefix" '
        { print }
        /^package [A-Za-z0-9_.]+;$/ && !done {
            print ""
            print "import \"protobuf-c/protobuf-c.proto\";"
            print "option (pb_c_file).c_package = \"" prefix "\";"
            print "option (pb_c_file).gen_pack_helpers = false;"
            done = 1
        }
    ' "$protos/$file" > "$annotated/$file"
done
(cd "$annotated" && protoc-c -I . -I "$include" --c_out="$generated" "${files[@]}")

# generate_target MODULE SWIFT_INITS PROTO...: moves the protos' C into Sources/MODULE and
# writes its module map and the Swift init glue at SWIFT_INITS (relative to OUT_ROOT).
generate_target() {
    local module="$1" swift_inits="$out/$2"
    shift 2
    local target="$out/Sources/$module"
    mkdir -p "$target/include"
    find "$target" \( -name '*.pb-c.c' -o -name '*.pb-c.h' -o -name module.modulemap \) -type f -delete
    find "$target" -mindepth 1 -type d -empty -delete
    mkdir -p "$target/include"

    local modulemap="$target/include/module.modulemap" file stem
    {
        echo "// Generated by scripts/generate-protos.sh from Protos/. DO NOT EDIT."
        echo "module $module {"
    } > "$modulemap"
    for file in "$@"; do
        stem="${file%.proto}"
        mkdir -p "$target/$(dirname "$stem")" "$target/include/$(dirname "$stem")"
        mv "$generated/$stem.pb-c.c" "$target/$stem.pb-c.c"
        mv "$generated/$stem.pb-c.h" "$target/include/$stem.pb-c.h"
        echo "    header \"$stem.pb-c.h\"" >> "$modulemap"
    done
    {
        echo "    export *"
        echo "}"
    } >> "$modulemap"
    # "void   plan__figure__init\n    (Plan__Figure *message);" → one conformance per message.
    mkdir -p "$(dirname "$swift_inits")"
    {
        echo "// Generated by scripts/generate-protos.sh from Protos/. DO NOT EDIT."
        echo "import $module"
        echo "import PlanProtobuf"
        for file in "$@"; do
            echo
            echo "// ${file}"
            awk '
                /^void   [a-z0-9_]+__init$/ { function_name = $2; next }
                function_name != "" {
                    type = $1; sub(/^\(/, "", type)
                    print "extension " type ": ProtobufCStruct {"
                    print "    public static func cInit(_ message: UnsafeMutablePointer<Self>) { " function_name "(message) }"
                    print "}"
                    function_name = ""
                }
            ' "$target/include/${file%.proto}.pb-c.h"
        done
    } > "$swift_inits"
    echo "generated $# protos into ${target#"$out"/} and ${swift_inits#"$out"/}"
}

wire_files=() api_files=()
for file in "${files[@]}"; do
    case "$file" in
        plan/wire/*) wire_files+=("$file") ;;
        *) api_files+=("$file") ;;
    esac
done
generate_target CPlanWireProto Sources/PlanWire/Transport/WireCMessages+Init.swift "${wire_files[@]}"
generate_target CPlanProto Sources/PlanAPI/Protobuf/CMessages+Init.swift "${api_files[@]}"

# The Swift messages, codecs and stubs, and the response schemas: the plugin runs in the shared
# venv's python.
swift_out="$out/Sources/PlanAPI/Generated"
schemas_out="$out/Sources/PlanGateway/HTTP/Generated"
writers_out="$out/Sources/PlanPresentation/Generated"
ROOT="$root"
# shellcheck source=scripts/python-venv.sh
source "$root/scripts/python-venv.sh"
if ! "$VPY" -c 'import google.protobuf' >/dev/null 2>&1; then
    "$VPY" -m pip install --quiet --disable-pip-version-check protobuf
fi
plugin="$scratch/protoc-gen-plan-swift"
printf '#!/bin/sh\nexec "%s" "%s"\n' "$VPY" "$root/scripts/protoc-gen-plan-swift.py" > "$plugin"
chmod +x "$plugin"
mkdir -p "$scratch/swift"
(cd "$protos" && protoc -I . --plugin=protoc-gen-plan-swift="$plugin" --plan-swift_out="$scratch/swift" "${files[@]}")
rm -rf "$swift_out" "$schemas_out" "$writers_out"
mkdir -p "$swift_out" "$schemas_out" "$writers_out"
cp "$scratch/swift/"*.swift "$swift_out/"
cp "$scratch/swift/PlanGateway/"*.swift "$schemas_out/"
cp "$scratch/swift/PlanPresentation/"*.swift "$writers_out/"
echo "generated the Swift contract into ${swift_out#"$out"/}, ${schemas_out#"$out"/} and ${writers_out#"$out"/}"

# PROTOCOL.md §15, between its markers, from the services' comments (the plugin's
# PROTOCOL-methods.md); into a copy of PROTOCOL.md when OUT_ROOT is not the repository.
if [[ "$out" != "$root" ]]; then cp "$root/PROTOCOL.md" "$out/PROTOCOL.md"; fi
"$VPY" - "$out/PROTOCOL.md" "$scratch/swift/PROTOCOL-methods.md" <<'PY'
import sys
protocol, section = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
begin, end = "<!-- methods: begin -->", "<!-- methods: end -->"
text = open(protocol, encoding="utf-8").read()
start, stop = text.find(begin), text.find(end)
if start < 0 or stop < start:
    sys.exit("PROTOCOL.md: the markers %s and %s are missing" % (begin, end))
open(protocol, "w", encoding="utf-8").write(text[:start] + section + text[stop + len(end):])
PY
echo "generated PROTOCOL.md §15 from the services' comments"
