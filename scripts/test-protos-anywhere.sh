#!/usr/bin/env bash
# Protos/ is the whole published contract: it must compile with a stock protoc and no include
# path beyond Protos/ itself, for any language protoc serves. This compiles every .proto with
# Debian's protoc (protobuf-compiler), `-I Protos` only, into two languages and uses the result:
#   Python  imported with the official protobuf runtime from PyPI (in .build/python-venv),
#           every message type round-tripped (Tests/protos/check_python.py);
#   C++     compiled with g++ against libprotobuf (libprotobuf-dev) and run
#           (Tests/protos/check_cpp.cc).
# Installs protobuf-compiler, libprotobuf-dev and g++ with apt-get when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
[[ -f /usr/include/google/protobuf/message.h ]] || missing+=(libprotobuf-dev)
command -v g++ >/dev/null || missing+=(g++)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

source "$ROOT/scripts/python-venv.sh"
if ! "$VPY" -c 'import google.protobuf' >/dev/null 2>&1; then
    "$VPY" -m pip install --quiet --disable-pip-version-check protobuf
fi

mapfile -t files < <(cd Protos && find . -name '*.proto' -type f | sed 's|^\./||' | sort)
[[ ${#files[@]} -gt 0 ]] || { echo "no .proto files under Protos/" >&2; exit 1; }

out="$(mktemp -d "${TMPDIR:-/tmp}/protos-anywhere.XXXXXX")"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/python" "$out/cpp"

echo "$(protoc --version): protoc -I Protos --python_out --cpp_out (${#files[@]} files)"
(cd Protos && protoc -I . --python_out="$out/python" --cpp_out="$out/cpp" "${files[@]}")

"$VPY" Tests/protos/check_python.py "$out/python" Protos

sources=()
for file in "${files[@]}"; do sources+=("$out/cpp/${file%.proto}.pb.cc"); done
# shellcheck disable=SC2046 # pkg-config prints separate flags
g++ -std=c++17 -O0 -I "$out/cpp" -o "$out/check_cpp" Tests/protos/check_cpp.cc "${sources[@]}" \
    $(pkg-config --cflags --libs protobuf) -pthread
"$out/check_cpp" "${files[@]}"
