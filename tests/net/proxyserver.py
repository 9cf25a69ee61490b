"""A small real HTTP proxy on loopback for the proxy tests: CONNECT tunnels and absolute-form
requests, optional Basic auth, every request line logged.

Every target is sent to the offline world, whatever its name: port 443 to the world's HTTPS
listener, port 80 to its HTTP one, so certificates and Host headers stay the URL's own.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import socketserver
import threading
from types import TracebackType

HEAD_LIMIT = 64 * 1024


class TunnelProxy:
    """Run with `with TunnelProxy({443: https_port, 80: http_port}) as proxy: ...`."""

    def __init__(self, ports: dict[int, int], auth: tuple[str, str] | None = None) -> None:
        self.ports = ports
        self.expected = None
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            self.expected = f"Basic {token}"
        self.log: list[str] = []
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> TunnelProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head and len(head) < HEAD_LIMIT:
            chunk = client.recv(4096)
            if not chunk:
                return
            head += chunk
        head, _, rest = head.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])
        }
        self.log.append(f"{method} {target}")
        if self.expected and headers.get("proxy-authorization") != self.expected:
            client.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
            )
            return
        if method == "CONNECT":
            port = int(target.rsplit(":", 1)[1])
            upstream = socket.create_connection(("127.0.0.1", self.ports[port]))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:  # absolute-form: http://host[:port]/path
            after_scheme = target.split("://", 1)[1]
            authority, _, path = after_scheme.partition("/")
            port = int(authority.rsplit(":", 1)[1]) if ":" in authority else 80
            upstream = socket.create_connection(("127.0.0.1", self.ports[port]))
            kept = [h for h in lines[1:] if not h.lower().startswith(("connection:", "proxy-"))]
            request = [f"{method} /{path} {version}", *kept, "Connection: close", "", ""]
            upstream.sendall("\r\n".join(request).encode("latin-1"))
        if rest:
            upstream.sendall(rest)
        _pipe(client, upstream)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy both ways until either side closes."""

    def copy(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    other = threading.Thread(target=copy, args=(b, a), daemon=True)
    other.start()
    copy(a, b)
    other.join(timeout=5)
    b.close()
