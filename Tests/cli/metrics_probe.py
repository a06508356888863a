"""What the process tests need to check a service's Prometheus endpoint: one PlanWire call
made by hand (the health check of PROTOCOL.md §16, byte for byte, standard library only),
and a scrape of GET /metrics parsed into {series: value}.
"""
import http.client
import socket
import struct

# PROTOCOL.md §16: HELLO, HEADERS of grpc.health.v1.Health/Check on stream 1 (1 s deadline),
# the empty HealthCheckRequest, HALF_CLOSE.
HEALTH_CHECK = bytes.fromhex(
    "00000023010000000000080110808080021a086964656e746974791a076465666c61746522076578616d706c65"
    "0000003f0200000000010a1c2f677270632e6865616c74682e76312e4865616c74682f436865636b18c0843d"
    "22086964656e746974792a086964656e746974792a076465666c617465"
    "00000000030000000001"
    "00000000040000000001")
TRAILERS = 6


def read_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return data


def health_check(port, then=None):
    """Makes one Health/Check call on a new connection and waits for its TRAILERS; calls
    `then()` (if given) while the connection is still open, and returns what it returned."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(HEALTH_CHECK)
        while True:
            length, kind, _, stream = struct.unpack(">IBBI", read_exactly(connection, 10))
            read_exactly(connection, length)
            if kind == TRAILERS and stream == 1:
                break
        return then() if then else None


def scrape(port):
    """GET /metrics: (content type, {series: value})."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/metrics")
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, (response.status, body)
        samples = {}
        for line in body.splitlines():
            if line and not line.startswith("#"):
                series, value = line.rsplit(" ", 1)
                samples[series] = float(value)
        return response.getheader("Content-Type"), samples
    finally:
        connection.close()


def metrics_port(process, name):
    """The port of the `<name> metrics listening on HOST:PORT` line, the next stdout line."""
    line = process.stdout.readline().decode()
    assert ("%s metrics listening on 127.0.0.1:" % name) in line, line
    return int(line.rsplit(":", 1)[1])
