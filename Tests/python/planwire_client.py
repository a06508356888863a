"""A small, independent PlanWire client (protocol version 1).

Written only from PROTOCOL.md and the .proto files under Protos/: a plain TCP socket, the
official ``protobuf`` package for the transport's messages (``plan.wire.v1``) and the
application's messages, and ``zlib`` for the ``deflate`` message encoding.

The generated Python code is not committed. Generate it with ``generate_protos()`` (which runs
a stock ``protoc -I Protos --python_out=…``, nothing else on the include path) or by hand, and
put the output directory on ``sys.path`` (``load_protos()`` does that) before creating a
``PlanWireConnection``.

The connection is deliberately single-threaded: one call runs at a time, and while it runs the
client reads frames, answers the server's PINGs, ignores frames of streams it does not track and
returns when the call's TRAILERS arrive.
"""

from __future__ import annotations

import glob
import importlib
import os
import socket
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple

# --- Frame layout (PROTOCOL.md §3, §4) -----------------------------------------------------

HEADER_SIZE = 10
HEADER = struct.Struct(">IBBI")  # length, kind, flags, stream_id

HELLO = 1
HEADERS = 2
MESSAGE = 3
HALF_CLOSE = 4
RESPONSE_HEADERS = 5
TRAILERS = 6
CANCEL = 7
PING = 8
GOAWAY = 9

KIND_NAMES = {
    HELLO: "HELLO",
    HEADERS: "HEADERS",
    MESSAGE: "MESSAGE",
    HALF_CLOSE: "HALF_CLOSE",
    RESPONSE_HEADERS: "RESPONSE_HEADERS",
    TRAILERS: "TRAILERS",
    CANCEL: "CANCEL",
    PING: "PING",
    GOAWAY: "GOAWAY",
}

FLAG_COMPRESSED = 0x01  # MESSAGE
FLAG_ACK = 0x01  # PING

PROTOCOL_VERSION = 1
DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024
MAX_CONTROL_PAYLOAD = 64 * 1024
DEFAULT_MAX_DECOMPRESSED_SIZE = 4 * 1024 * 1024
DEFAULT_COMPRESSION_THRESHOLD = 4096

# --- Status codes (PROTOCOL.md §10) --------------------------------------------------------

STATUS_NAMES = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
]
OK = 0
CANCELLED = 1
UNKNOWN = 2
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
RESOURCE_EXHAUSTED = 8
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14


def status_name(code: int) -> str:
    return STATUS_NAMES[code] if 0 <= code < len(STATUS_NAMES) else "UNKNOWN(%d)" % code


# --- Errors -----------------------------------------------------------------------------------


class PlanWireError(Exception):
    """A call (or the connection) ended with a non-OK status."""

    def __init__(self, code: int, message: str, metadata: Sequence[Tuple[str, object]] = ()):
        self.code = code
        self.message = message
        self.metadata = list(metadata)
        super().__init__("%d %s: %s" % (code, status_name(code), message))


class GoAwayError(PlanWireError):
    """The server sent GOAWAY and the call cannot complete on this connection.

    ``code`` is the status the call gets (the GOAWAY's own code for a protocol violation,
    UNAVAILABLE for a call above a graceful GOAWAY's ``last_stream_id``); ``goaway_code``,
    ``reason`` and ``last_stream_id`` are the GOAWAY's fields.
    """

    def __init__(self, code: int, goaway_code: int, reason: str, last_stream_id: int):
        self.goaway_code = goaway_code
        self.reason = reason
        self.last_stream_id = last_stream_id
        super().__init__(
            code,
            "GOAWAY (code %d %s, last_stream_id %d): %s"
            % (goaway_code, status_name(goaway_code), last_stream_id, reason),
        )


class ConnectionClosedError(PlanWireError):
    """The connection closed (or was reset) before the call's TRAILERS: UNAVAILABLE."""

    def __init__(self, message: str, goaway=None):
        self.goaway = goaway
        super().__init__(UNAVAILABLE, message)


class ProtocolError(Exception):
    """The server broke the protocol (bad HELLO, unknown frame kind, …)."""


# --- Generated code ---------------------------------------------------------------------------

def generate_protos(protos_dir: str, out_dir: str, protoc: Optional[str] = None) -> None:
    """Runs a stock protoc over every .proto of Protos/, with ``-I protos_dir`` only.

    Protos/ needs nothing from outside itself. ``protoc`` defaults to ``$PROTOC`` or ``protoc``
    on the PATH (Debian: protobuf-compiler); any protoc from 3.20 on makes code the official
    ``protobuf`` runtime imports.
    """
    protoc = protoc or os.environ.get("PROTOC", "protoc")
    files = sorted(
        os.path.relpath(p, protos_dir)
        for p in glob.glob(os.path.join(protos_dir, "**", "*.proto"), recursive=True)
    )
    if not files:
        raise RuntimeError("no .proto files under %s" % protos_dir)
    cmd = [protoc, "-I", protos_dir, "--python_out=" + out_dir, *files]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise RuntimeError("%s not found: install a protoc (Debian package: protobuf-compiler) "
                           "or name one with PROTOC" % protoc) from None
    if result.returncode != 0:
        raise RuntimeError("protoc failed (%d): %s\n%s" % (result.returncode, " ".join(cmd),
                                                            result.stderr))


class GeneratedProtos:
    """The generated ``*_pb2`` modules a test module uses: those in ``PLANWIRE_PROTO_OUT`` if set,
    else generated now from ``protos_dir`` into a temporary directory that ``remove`` deletes."""

    def __init__(self, protos_dir: str):
        self.directory = os.environ.get("PLANWIRE_PROTO_OUT")
        self.owned = not self.directory
        if self.owned:
            import tempfile
            self.directory = tempfile.mkdtemp(prefix="planwire-pb2-")
            generate_protos(protos_dir, self.directory)
        self.wire = load_protos(self.directory)

    def module(self, dotted: str):
        return import_generated(self.directory, dotted)

    def remove(self) -> None:
        if self.owned:
            import shutil
            shutil.rmtree(self.directory, ignore_errors=True)


def load_protos(out_dir: str):
    """Puts ``out_dir`` on sys.path and returns the ``plan.wire.v1.wire_pb2`` module."""
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)
    return importlib.import_module("plan.wire.v1.wire_pb2")


def import_generated(out_dir: str, dotted: str):
    """Imports a generated module, e.g. ``"plan.v1.catalogue_pb2"``.

    ``grpc.health.v1.health_pb2`` cannot be imported by its own name when the ``grpc`` package
    (grpcio) is installed: that regular package hides the generated
    ``grpc/`` folder. Such a module is then loaded from its file under another module name; its
    descriptors are registered under the .proto's own name all the same.
    """
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        pass
    import importlib.util as importlib_util

    name = "planwire_generated." + dotted
    if name in sys.modules:
        return sys.modules[name]
    path = os.path.join(out_dir, *dotted.split(".")) + ".py"
    spec = importlib_util.spec_from_file_location(name, path)
    module = importlib_util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _wire():
    return importlib.import_module("plan.wire.v1.wire_pb2")


# --- Frames -----------------------------------------------------------------------------------


@dataclass
class Frame:
    kind: int
    flags: int
    stream_id: int
    payload: bytes

    def encode(self) -> bytes:
        return encode_frame(self.kind, self.flags, self.stream_id, self.payload)

    def __repr__(self) -> str:
        return "Frame(%s, flags=0x%02x, stream=%d, %d bytes)" % (
            KIND_NAMES.get(self.kind, str(self.kind)), self.flags, self.stream_id,
            len(self.payload))


def encode_frame(kind: int, flags: int, stream_id: int, payload: bytes = b"") -> bytes:
    return HEADER.pack(len(payload), kind, flags, stream_id) + payload


def decode_header(header: bytes) -> Tuple[int, int, int, int]:
    """Returns (length, kind, flags, stream_id)."""
    return HEADER.unpack(header)


def inflate(data: bytes, limit: int = DEFAULT_MAX_DECOMPRESSED_SIZE) -> bytes:
    """One complete zlib stream (RFC 1950), with a cap on the inflated size.

    Raises PlanWireError: INTERNAL for corrupt or truncated data or trailing bytes,
    RESOURCE_EXHAUSTED when it inflates past ``limit``.
    """
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as e:
        raise PlanWireError(INTERNAL, "corrupt compressed message: %s" % e)
    if len(out) > limit:
        raise PlanWireError(RESOURCE_EXHAUSTED,
                            "compressed message inflates past the limit of %d bytes" % limit)
    if not d.eof:
        raise PlanWireError(INTERNAL, "corrupt compressed message: truncated zlib stream")
    if d.unused_data:
        raise PlanWireError(INTERNAL, "corrupt compressed message: bytes after the zlib stream")
    return out


def metadata_entries(metadata: Iterable[Tuple[str, object]]):
    """[(key, str|bytes)] -> [plan.wire.v1.MetadataEntry]; bytes only under '-bin' keys."""
    wire = _wire()
    entries = []
    for key, value in metadata:
        key = key.lower()
        if isinstance(value, (bytes, bytearray)):
            if not key.endswith("-bin"):
                raise ValueError("binary metadata value under %r, which does not end in -bin"
                                 % key)
            entries.append(wire.MetadataEntry(key=key, binary=bytes(value)))
        else:
            entries.append(wire.MetadataEntry(key=key, text=str(value)))
    return entries


def metadata_pairs(entries) -> List[Tuple[str, object]]:
    pairs = []
    for e in entries:
        which = e.WhichOneof("value")
        pairs.append((e.key, e.binary if which == "binary" else e.text))
    return pairs


# --- Calls ------------------------------------------------------------------------------------


@dataclass
class CallResult:
    """What one call received."""

    stream_id: int
    responses: list = field(default_factory=list)  # decoded response messages
    raw_responses: List[bytes] = field(default_factory=list)  # plain (inflated) payloads
    message_flags: List[int] = field(default_factory=list)  # flags of each MESSAGE frame
    wire_sizes: List[int] = field(default_factory=list)  # payload length of each MESSAGE frame
    response_headers: Optional[object] = None  # plan.wire.v1.ResponseHeaders or None
    trailers: Optional[object] = None  # plan.wire.v1.Trailers
    frames: List[Frame] = field(default_factory=list)  # every frame of the call, in order
    request_compressed: List[bool] = field(default_factory=list)
    accept_encodings: List[str] = field(default_factory=list)  # what the call's HEADERS said

    @property
    def response(self):
        if len(self.responses) != 1:
            raise PlanWireError(INTERNAL, "expected one response message, got %d"
                                % len(self.responses))
        return self.responses[0]

    @property
    def response_encoding(self) -> str:
        if self.response_headers is None:
            return "identity"
        return self.response_headers.message_encoding or "identity"

    @property
    def any_compressed(self) -> bool:
        return any(f & FLAG_COMPRESSED for f in self.message_flags)

    @property
    def code(self) -> int:
        return self.trailers.code if self.trailers is not None else UNKNOWN

    @property
    def trailing_metadata(self):
        return metadata_pairs(self.trailers.metadata) if self.trailers is not None else []

    @property
    def initial_metadata(self):
        if self.response_headers is None:
            return []
        return metadata_pairs(self.response_headers.metadata)


class PlanWireConnection:
    """One PlanWire connection. Use as a context manager, or call ``close()``."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        accept_encodings: Sequence[str] = ("identity", "deflate"),
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        max_decompressed_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE,
        agent: str = "planwire-python",
        io_timeout: float = 10.0,
        handshake: bool = True,
        source_address: Optional[Tuple[str, int]] = None,
    ):
        self.accept_encodings = list(accept_encodings)
        self.max_message_size = max_message_size
        self.max_decompressed_size = max_decompressed_size
        self.agent = agent
        self.io_timeout = io_timeout
        self.server_hello = None
        self.goaway = None  # last GOAWAY received (plan.wire.v1.GoAway)
        self.pings_answered = 0
        self._next_stream_id = 1
        self._buffer = bytearray()
        self._closed = False
        self.sock = socket.create_connection((host, port), timeout=io_timeout,
                                             source_address=source_address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if handshake:
            self.handshake()

    # -- lifecycle --

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            try:
                self.sock.close()
            except OSError:
                pass

    def handshake(self) -> None:
        """Sends our HELLO and waits for (and checks) the server's."""
        wire = _wire()
        hello = wire.Hello(version=PROTOCOL_VERSION, max_message_size=self.max_message_size,
                           accept_encodings=self.accept_encodings, agent=self.agent)
        self.send_frame(HELLO, 0, 0, hello.SerializeToString())
        frame = self.read_frame()
        if frame is None:
            raise ConnectionClosedError("the connection closed before the server's HELLO")
        if frame.kind == GOAWAY:
            self._raise_goaway(frame, stream_id=None)
        if frame.kind != HELLO or frame.stream_id != 0:
            self.close()
            raise ProtocolError("the server's first frame is %r, not HELLO on stream 0" % frame)
        try:
            server_hello = wire.Hello.FromString(frame.payload)
        except Exception as e:  # google.protobuf.message.DecodeError
            self.close()
            raise ProtocolError("malformed server HELLO: %s" % e)
        if server_hello.version != PROTOCOL_VERSION:
            self.close()
            raise ProtocolError("the server speaks version %d, not %d"
                                % (server_hello.version, PROTOCOL_VERSION))
        self.server_hello = server_hello

    @property
    def server_accepts_deflate(self) -> bool:
        return self.server_hello is not None and "deflate" in self.server_hello.accept_encodings

    # -- raw frame I/O --

    def send_frame(self, kind: int, flags: int, stream_id: int, payload: bytes = b"") -> None:
        """Writes one frame in one piece."""
        self.sock.sendall(encode_frame(kind, flags, stream_id, payload))

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _recv_exactly(self, n: int) -> Optional[bytes]:
        while len(self._buffer) < n:
            try:
                chunk = self.sock.recv(max(65536, n - len(self._buffer)))
            except ConnectionResetError:
                chunk = b""  # a reset is treated exactly like a close (§13)
            except socket.timeout:
                raise TimeoutError("no data from the server within %.1f s" % self.io_timeout)
            if not chunk:
                if self._buffer:
                    raise ConnectionClosedError("the connection closed in the middle of a frame")
                return None
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def read_frame(self) -> Optional[Frame]:
        """The next frame, or None when the connection closed cleanly between frames."""
        header = self._recv_exactly(HEADER_SIZE)
        if header is None:
            return None
        length, kind, flags, stream_id = decode_header(header)
        if kind not in KIND_NAMES:
            self.close()
            raise ProtocolError("unknown frame kind %d from the server" % kind)
        if kind != MESSAGE and length > MAX_CONTROL_PAYLOAD:
            self.close()
            raise ProtocolError("%s frame of %d bytes exceeds the limit of %d"
                                % (KIND_NAMES[kind], length, MAX_CONTROL_PAYLOAD))
        payload = self._recv_exactly(length) if length else b""
        if payload is None:
            raise ConnectionClosedError("the connection closed in the middle of a frame")
        return Frame(kind, flags, stream_id, payload)

    def _handle_connection_frame(self, frame: Frame) -> bool:
        """PING and stray stream-0 frames; True when the frame was consumed."""
        if frame.kind == PING:
            if not frame.flags & FLAG_ACK:
                self.send_frame(PING, FLAG_ACK, 0, frame.payload)
                self.pings_answered += 1
            return True
        return False

    def ping(self, payload: bytes = b"\x00\x00\x00\x00\x00\x00\x00\x01") -> bytes:
        """Sends a PING and returns the ACK's payload."""
        if len(payload) != 8:
            raise ValueError("a PING payload is exactly 8 bytes")
        self.send_frame(PING, 0, 0, payload)
        while True:
            frame = self.read_frame()
            if frame is None:
                raise ConnectionClosedError("the connection closed before the PING's ACK",
                                            self.goaway)
            if frame.kind == PING and frame.flags & FLAG_ACK:
                return frame.payload
            if frame.kind == GOAWAY:
                self._raise_goaway(frame, stream_id=None)
            self._handle_connection_frame(frame)

    def read_goaway(self):
        """Reads frames until a GOAWAY arrives (returned) or the connection closes (None)."""
        wire = _wire()
        while True:
            try:
                frame = self.read_frame()
            except ConnectionClosedError:
                return None
            if frame is None:
                return None
            if frame.kind == GOAWAY:
                self.goaway = wire.GoAway.FromString(frame.payload)
                return self.goaway
            self._handle_connection_frame(frame)

    def _raise_goaway(self, frame: Frame, stream_id: Optional[int]):
        goaway = _wire().GoAway.FromString(frame.payload)
        self.goaway = goaway
        code = goaway.code if goaway.code != OK else UNAVAILABLE
        raise GoAwayError(code, goaway.code, goaway.reason, goaway.last_stream_id)

    # -- calls --

    def next_stream_id(self) -> int:
        sid = self._next_stream_id
        if sid >= 0xFFFFFFFE:
            raise PlanWireError(UNAVAILABLE, "stream ids are used up on this connection")
        self._next_stream_id += 1
        return sid

    def call(
        self,
        method: str,
        requests: Sequence[object],
        response_cls=None,
        *,
        metadata: Iterable[Tuple[str, object]] = (),
        timeout_micros: Optional[int] = None,
        message_encoding: Optional[str] = None,
        accept_encodings: Optional[Sequence[str]] = None,
        compress: Optional[bool] = None,
        compression_threshold: int = DEFAULT_COMPRESSION_THRESHOLD,
        raise_on_error: bool = True,
    ) -> CallResult:
        """Runs one call: HEADERS, one MESSAGE per request, HALF_CLOSE, then reads the
        response frames until TRAILERS.

        ``requests`` are protobuf messages (or raw ``bytes``). ``message_encoding`` defaults to
        "deflate" when the server's HELLO accepts it and this connection accepts it too, else
        "identity". A request is compressed when the call's encoding is deflate and either
        ``compress`` is True or (``compress`` is None and) it is at least
        ``compression_threshold`` bytes long. ``accept_encodings`` defaults to the
        connection's. Non-OK TRAILERS raise PlanWireError (unless ``raise_on_error`` is False).
        """
        if self.goaway is not None:
            raise GoAwayError(UNAVAILABLE, self.goaway.code,
                              "the server sent GOAWAY; open calls on a new connection ("
                              + self.goaway.reason + ")", self.goaway.last_stream_id)
        wire = _wire()
        if message_encoding is None:
            message_encoding = ("deflate" if self.server_accepts_deflate
                                and "deflate" in self.accept_encodings else "identity")
        if message_encoding not in ("", "identity", "deflate"):
            raise ValueError("unknown message encoding %r" % message_encoding)
        if accept_encodings is None:
            accept_encodings = self.accept_encodings

        headers = wire.CallHeaders(method=method, metadata=metadata_entries(metadata),
                                   message_encoding=message_encoding,
                                   accept_encodings=list(accept_encodings))
        if timeout_micros is not None:
            headers.timeout_micros = timeout_micros  # oneof: written even when 0
        header_bytes = headers.SerializeToString()
        if len(header_bytes) > MAX_CONTROL_PAYLOAD:
            raise PlanWireError(RESOURCE_EXHAUSTED, "HEADERS of %d bytes exceed the limit of %d"
                                % (len(header_bytes), MAX_CONTROL_PAYLOAD))

        max_out = self.server_hello.max_message_size if self.server_hello else \
            DEFAULT_MAX_MESSAGE_SIZE
        out_frames = []
        result = CallResult(stream_id=0, accept_encodings=list(accept_encodings))
        for request in requests:
            plain = request if isinstance(request, (bytes, bytearray)) else \
                request.SerializeToString()
            do_compress = message_encoding == "deflate" and (
                compress if compress is not None else len(plain) >= compression_threshold)
            payload = zlib.compress(bytes(plain)) if do_compress else bytes(plain)
            if len(payload) > max_out:
                raise PlanWireError(RESOURCE_EXHAUSTED,
                                    "request message of %d bytes exceeds the server's limit of %d"
                                    % (len(payload), max_out))
            out_frames.append((FLAG_COMPRESSED if do_compress else 0, payload))
            result.request_compressed.append(do_compress)

        # The stream id is taken when the HEADERS goes out.
        sid = self.next_stream_id()
        result.stream_id = sid
        self.send_frame(HEADERS, 0, sid, header_bytes)
        for flags, payload in out_frames:
            self.send_frame(MESSAGE, flags, sid, payload)
        self.send_frame(HALF_CLOSE, 0, sid)
        self._read_call(result, response_cls)
        if raise_on_error and result.trailers.code != OK:
            raise PlanWireError(result.trailers.code, result.trailers.message,
                                metadata_pairs(result.trailers.metadata))
        return result

    def unary(self, method: str, request, response_cls, **kwargs):
        """A unary call; returns the decoded response (raises PlanWireError if not OK)."""
        return self.call(method, [request], response_cls, **kwargs).response

    def cancel(self, stream_id: int, reason: str = "") -> None:
        self.send_frame(CANCEL, 0, stream_id, _wire().Cancel(reason=reason).SerializeToString())

    def _fail(self, result: CallResult, code: int, message: str):
        """A local failure of the call: CANCEL it (§6.4) and raise."""
        try:
            self.cancel(result.stream_id, message)
        except OSError:
            pass
        raise PlanWireError(code, message)

    def _read_call(self, result: CallResult, response_cls) -> None:
        wire = _wire()
        sid = result.stream_id
        while True:
            frame = self.read_frame()
            if frame is None:
                self.close()
                raise ConnectionClosedError(
                    "the connection closed before the call's TRAILERS"
                    + (" (after GOAWAY: %s)" % self.goaway.reason if self.goaway else ""),
                    self.goaway)
            if frame.stream_id == 0:
                if frame.kind == GOAWAY:
                    goaway = wire.GoAway.FromString(frame.payload)
                    self.goaway = goaway
                    if goaway.code != OK:  # protocol violation: the connection is closing
                        self.close()
                        raise GoAwayError(goaway.code, goaway.code, goaway.reason,
                                          goaway.last_stream_id)
                    if sid > goaway.last_stream_id:  # not started; safe to retry elsewhere
                        raise GoAwayError(UNAVAILABLE, goaway.code, goaway.reason,
                                          goaway.last_stream_id)
                    continue  # graceful: this call carries on
                if self._handle_connection_frame(frame):
                    continue
                self.close()
                raise ProtocolError("unexpected %r on stream 0" % frame)
            if frame.kind in (HELLO, HEADERS, HALF_CLOSE, CANCEL):
                self.close()
                raise ProtocolError("the server sent %r" % frame)
            if frame.stream_id != sid:
                continue  # a stream we do not track: ignore
            result.frames.append(frame)
            if frame.kind == RESPONSE_HEADERS:
                try:
                    result.response_headers = wire.ResponseHeaders.FromString(frame.payload)
                except Exception as e:
                    self._fail(result, INTERNAL, "malformed RESPONSE_HEADERS: %s" % e)
                enc = result.response_headers.message_encoding or "identity"
                if enc not in ("identity", "deflate") or (
                        enc == "deflate" and "deflate" not in result.accept_encodings):
                    self._fail(result, UNIMPLEMENTED,
                               "the server's message encoding %r is not accepted" % enc)
            elif frame.kind == MESSAGE:
                if len(frame.payload) > self.max_message_size:
                    self._fail(result, RESOURCE_EXHAUSTED,
                               "message of %d bytes exceeds the limit of %d bytes"
                               % (len(frame.payload), self.max_message_size))
                plain = frame.payload
                if frame.flags & FLAG_COMPRESSED:
                    if result.response_encoding != "deflate":
                        self._fail(result, UNIMPLEMENTED,
                                   "compressed message on a call whose message encoding is "
                                   "identity")
                    try:
                        plain = inflate(frame.payload, self.max_decompressed_size)
                    except PlanWireError as e:
                        self._fail(result, e.code, e.message)
                result.message_flags.append(frame.flags)
                result.wire_sizes.append(len(frame.payload))
                result.raw_responses.append(plain)
                if response_cls is not None:
                    try:
                        result.responses.append(response_cls.FromString(plain))
                    except Exception as e:
                        self._fail(result, INTERNAL, "undecodable response message: %s" % e)
                else:
                    result.responses.append(plain)
            elif frame.kind == TRAILERS:
                try:
                    result.trailers = wire.Trailers.FromString(frame.payload)
                except Exception as e:
                    raise PlanWireError(INTERNAL, "malformed TRAILERS: %s" % e)
                if result.trailers.code > 16:
                    result.trailers.code = UNKNOWN
                return
            # other kinds on a call stream (GOAWAY/PING off stream 0) are ignored
