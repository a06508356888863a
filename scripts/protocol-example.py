#!/usr/bin/env python3
"""The worked example of PROTOCOL.md: the exact bytes of one unary PlanWire call.

Builds, with the standard library only (protobuf encoded by hand), every frame of a
`/grpc.health.v1.Health/Check` call on stream 1 and prints them as annotated hex:

    python3 scripts/protocol-example.py

With `--check HOST:PORT` it also plays the client's frames against a running PlanWire server
and compares what the server sends back, byte for byte, with the server frames printed here.
The example's RESPONSE_HEADERS say "identity", which is what a server that does not compress
sends; a server that compresses (the Swift default) answers "deflate" to a client that accepts
it, so check against a server with compression disabled, or pass `--server-encoding deflate`.
"""

import argparse
import socket
import sys

# Frame kinds (PROTOCOL.md, "Frame kinds").
HELLO, HEADERS, MESSAGE, HALF_CLOSE, RESPONSE_HEADERS, TRAILERS, CANCEL, PING, GOAWAY = range(1, 10)
KIND_NAMES = {
    1: "HELLO", 2: "HEADERS", 3: "MESSAGE", 4: "HALF_CLOSE", 5: "RESPONSE_HEADERS",
    6: "TRAILERS", 7: "CANCEL", 8: "PING", 9: "GOAWAY",
}


# --- protobuf, by hand ---------------------------------------------------------------------

def varint(value):
    """Base-128 varint, least significant group first."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(field, wire_type):
    return varint(field << 3 | wire_type)


def uint_field(field, name, value):
    """A varint field (wire type 0): one annotated segment."""
    data = tag(field, 0) + varint(value)
    return [(data, f"field {field} ({name}), varint: {value}")]


def string_field(field, name, text):
    """A length-delimited string field (wire type 2): tag and length, then the UTF-8 bytes."""
    raw = text.encode("utf-8")
    return [
        (tag(field, 2) + varint(len(raw)), f"field {field} ({name}), length-delimited, {len(raw)} bytes:"),
        (raw, f'  "{text}"'),
    ]


def proto3_string(field, name, text):
    """proto3 omits a string field holding the empty string."""
    return string_field(field, name, text) if text else []


def proto3_uint(field, name, value):
    """proto3 omits a scalar field holding zero (not in a oneof)."""
    return uint_field(field, name, value) if value else []


# --- frames --------------------------------------------------------------------------------

class Frame:
    def __init__(self, sender, kind, stream, segments, flags=0, note=""):
        self.sender = sender
        self.kind = kind
        self.stream = stream
        self.flags = flags
        self.segments = segments  # [(bytes, annotation)] making up the payload
        self.note = note

    @property
    def payload(self):
        return b"".join(data for data, _ in self.segments)

    def header_segments(self):
        length = len(self.payload)
        return [
            (length.to_bytes(4, "big"), f"length = {length} (payload bytes, UInt32 big-endian)"),
            (bytes([self.kind]), f"kind = {self.kind} ({KIND_NAMES[self.kind]})"),
            (bytes([self.flags]), f"flags = 0x{self.flags:02x}"),
            (self.stream.to_bytes(4, "big"), f"stream id = {self.stream} (UInt32 big-endian)"),
        ]

    def encode(self):
        return b"".join(data for data, _ in self.header_segments()) + self.payload


def hex_bytes(data):
    return " ".join(f"{b:02x}" for b in data)


def show(frame, out):
    direction = "client -> server" if frame.sender == "client" else "server -> client"
    title = f"{direction}: {KIND_NAMES[frame.kind]} on stream {frame.stream}"
    if frame.note:
        title += f" ({frame.note})"
    print(title, file=out)
    print("  header", file=out)
    for data, note in frame.header_segments():
        print(f"    {hex_bytes(data):<36} {note}", file=out)
    if frame.segments:
        print(f"  payload ({len(frame.payload)} bytes)", file=out)
        for data, note in frame.segments:
            # Long runs (strings) are wrapped 12 bytes to a line.
            chunks = [data[i:i + 12] for i in range(0, len(data), 12)] or [b""]
            for index, chunk in enumerate(chunks):
                print(f"    {hex_bytes(chunk):<36} {note if index == 0 else ''}".rstrip(), file=out)
    else:
        print("  payload: none (0 bytes)", file=out)
    print(f"  all {len(frame.encode())} bytes: {frame.encode().hex()}", file=out)
    print(file=out)


def example(server_encoding="identity"):
    """The frames of the example call, in the order they travel."""
    max_message = 4 * 1024 * 1024
    client_hello = Frame("client", HELLO, 0, [
        *uint_field(1, "version", 1),
        *uint_field(2, "max_message_size", max_message),
        *string_field(3, "accept_encodings", "identity"),
        *string_field(3, "accept_encodings", "deflate"),
        *string_field(4, "agent", "example"),
    ], note="plan.wire.v1.Hello")
    server_hello = Frame("server", HELLO, 0, [
        *uint_field(1, "version", 1),
        *uint_field(2, "max_message_size", max_message),
        *string_field(3, "accept_encodings", "identity"),
        *string_field(3, "accept_encodings", "deflate"),
        *string_field(4, "agent", "plan-wire-swift"),
    ], note="plan.wire.v1.Hello")
    headers = Frame("client", HEADERS, 1, [
        *string_field(1, "method", "/grpc.health.v1.Health/Check"),
        # field 2 (metadata): no entries, so nothing is written
        *uint_field(3, "timeout_micros", 1_000_000),  # in a oneof: written even when 0
        *string_field(4, "message_encoding", "identity"),
        *string_field(5, "accept_encodings", "identity"),
        *string_field(5, "accept_encodings", "deflate"),
    ], note="plan.wire.v1.CallHeaders")
    request = Frame("client", MESSAGE, 1, [], note='grpc.health.v1.HealthCheckRequest{service: ""}, all fields default')
    half_close = Frame("client", HALF_CLOSE, 1, [], note="no payload")
    response_headers = Frame("server", RESPONSE_HEADERS, 1, [
        # field 1 (metadata): no entries
        *proto3_string(2, "message_encoding", server_encoding),
    ], note="plan.wire.v1.ResponseHeaders")
    response = Frame("server", MESSAGE, 1, [
        *uint_field(1, "status", 1),
    ], note="grpc.health.v1.HealthCheckResponse{status: SERVING}")
    trailers = Frame("server", TRAILERS, 1, [
        *proto3_uint(1, "code", 0),
        *proto3_string(2, "message", ""),
    ], note='plan.wire.v1.Trailers{code: 0 OK, message: ""}, all fields default')
    return [client_hello, server_hello, headers, request, half_close, response_headers, response, trailers]


# --- checking against a server -------------------------------------------------------------

def read_exactly(sock, count):
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError(f"the server closed the connection after {len(data)} of {count} bytes")
        data += chunk
    return bytes(data)


def read_frame(sock):
    header = read_exactly(sock, 10)
    length = int.from_bytes(header[0:4], "big")
    return header + read_exactly(sock, length)


def check(address, frames):
    host, _, port = address.rpartition(":")
    ok = True
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(frames[0].encode())  # client HELLO
        expected = [f for f in frames[1:] if f.sender == "server"]
        got = [read_frame(sock)]  # server HELLO
        for frame in frames[1:]:
            if frame.sender == "client":
                sock.sendall(frame.encode())
        while len(got) < len(expected):
            got.append(read_frame(sock))
    for frame, actual in zip(expected, got):
        same = frame.encode() == actual
        ok &= same
        print(f"{'same' if same else 'DIFFERENT'}: server {KIND_NAMES[frame.kind]}"
              + ("" if same else f"\n  expected {frame.encode().hex()}\n  received {actual.hex()}"))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", metavar="HOST:PORT", help="play the call against a PlanWire server")
    parser.add_argument("--server-encoding", default="identity",
                        help="the message_encoding expected in RESPONSE_HEADERS (default: identity)")
    args = parser.parse_args()
    frames = example(args.server_encoding)
    for frame in frames:
        show(frame, sys.stdout)
    if args.check:
        sys.exit(0 if check(args.check, frames) else 1)


if __name__ == "__main__":
    main()
