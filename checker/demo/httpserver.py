"""A hand-written asyncio HTTP/1.1 server with SNI-selected certificates and hostile listeners.

One :class:`HttpServer` owns several loopback listeners (all on 127.0.0.1, ephemeral ports):

* ``http``          - plain HTTP/1.1;
* ``https``         - TLS, certificate chosen by SNI per virtual host (unknown SNI: default cert);
* ``plain-on-tls``  - plain HTTP, meant to be targeted by an ``https://`` URL;
* ``garbage-tls``   - reads the ClientHello, writes non-TLS junk, closes;
* ``silent``        - accepts TCP and never says anything;
* ``refused``       - a bound but non-listening port (connections are refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import os
import socket
import ssl
import struct
import sys
import time
import traceback
import weakref
from collections.abc import Awaitable, Callable
from email.utils import formatdate
from urllib.parse import urlsplit

from checker.demo.pki import IssuedCert
from checker.demo.routes import (
    Handler,
    Request,
    RequestLog,
    Response,
    VirtualHost,
    drip,
    endless_redirects,
    html_page,
    huge,
    invalid_utf8,
    page,
    redirect,
    redirect_loop,
    reset,
    sequence,
    slow,
)

__all__ = [
    "Handler",
    "HttpServer",
    "Request",
    "RequestLog",
    "Response",
    "VirtualHost",
    "drip",
    "endless_redirects",
    "html_page",
    "huge",
    "invalid_utf8",
    "page",
    "redirect",
    "redirect_loop",
    "reset",
    "sequence",
    "slow",
]

LOOPBACK = "127.0.0.1"
MAX_HEAD = 64 * 1024
MAX_BODY = 8 * 1024 * 1024
IDLE_TIMEOUT = 30.0
LISTENERS = ("http", "https", "plain-on-tls", "garbage-tls", "silent", "refused")
_Callback = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
_NOT_FOUND = page(html_page("Not Found", "<h1>404 Not Found</h1>"), status=404)


class _BadRequest(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _host_of(host_header: str | None, target: str, sni: str | None) -> str:
    if host_header:
        return (urlsplit("//" + host_header.strip()).hostname or "").lower()
    if "://" in target:
        return (urlsplit(target).hostname or "").lower()
    return (sni or "").lower()


class HttpServer:
    """All HTTP(S) listeners of the offline world, sharing one virtual-host table."""

    def __init__(self, default_cert: IssuedCert) -> None:
        self.hosts: dict[str, VirtualHost] = {}
        self.log = RequestLog()
        self.errors: list[str] = []  # unexpected handler exceptions (should stay empty)
        self.ports: dict[str, int] = {}
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._sni: weakref.WeakKeyDictionary[ssl.SSLObject, str] = weakref.WeakKeyDictionary()
        self._tls = default_cert.server_context()
        self._tls.sni_callback = self._on_sni
        self._servers: list[asyncio.Server] = []
        self._writers: set[asyncio.StreamWriter] = set()
        self._refused: socket.socket | None = None

    # -- configuration -------------------------------------------------------------------

    def add_host(self, vhost: VirtualHost) -> None:
        """Register (or replace) a virtual host; may be called while running."""
        name = vhost.name.lower()
        if vhost.cert is not None:
            self._contexts[name] = vhost.cert.server_context()
        else:
            self._contexts.pop(name, None)
        self.hosts[name] = vhost

    def _on_sni(self, sslobj: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        if not name:
            return
        self._sni[sslobj] = name
        ctx = self._contexts.get(name.lower())
        if ctx is not None:
            sslobj.context = ctx

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Open every listener on 127.0.0.1 with an ephemeral port."""

        async def listen(kind: str, cb: _Callback, tls: ssl.SSLContext | None = None) -> None:
            server = await asyncio.start_server(
                cb, LOOPBACK, 0, ssl=tls, backlog=1024, limit=MAX_HEAD,
                ssl_handshake_timeout=10.0 if tls else None,
            )  # fmt: skip
            self._servers.append(server)
            self.ports[kind] = server.sockets[0].getsockname()[1]

        await listen("http", lambda r, w: self._serve(r, w, "http"))
        await listen("https", lambda r, w: self._serve(r, w, "https"), self._tls)
        await listen("plain-on-tls", lambda r, w: self._serve(r, w, "plain-on-tls"))
        await listen("garbage-tls", self._garbage)
        await listen("silent", self._silent)
        self._refused = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._refused.bind((LOOPBACK, 0))  # bound, never listening: connect() is refused
        self.ports["refused"] = self._refused.getsockname()[1]

    async def stop(self) -> None:
        """Close listeners and drop every open connection."""
        for server in self._servers:
            server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for server in self._servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2.0)
        self._servers.clear()
        if self._refused is not None:
            self._refused.close()

    # -- hostile listeners ---------------------------------------------------------------

    async def _garbage(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reader.read(4096), 1.0)  # the ClientHello
            writer.write(b"SSH-2.0-NotTLS\r\n" + os.urandom(256))
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _silent(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while await reader.read(4096):
                pass
        except OSError:
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    # -- HTTP ----------------------------------------------------------------------------

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, listener: str
    ) -> None:
        self._writers.add(writer)
        sslobj = writer.get_extra_info("ssl_object")
        sni = self._sni.get(sslobj) if isinstance(sslobj, ssl.SSLObject) else None
        try:
            while await self._exchange(reader, writer, listener, sni):
                pass
        except (OSError, asyncio.IncompleteReadError, TimeoutError):
            pass  # client went away or stalled: normal for a hostile-world server
        except Exception:
            self.errors.append(traceback.format_exc())
            print(self.errors[-1], file=sys.stderr)
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    async def _exchange(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        listener: str,
        sni: str | None,
    ) -> bool:
        """Serve one request; return whether to keep the connection open."""
        try:
            first = await asyncio.wait_for(reader.readexactly(1), IDLE_TIMEOUT)
            if first == b"\x16":  # a TLS ClientHello on a plain-HTTP port: answer in HTTP
                await self._send_error(writer, 400)
                return False
            head = first + await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT)
        except asyncio.IncompleteReadError:
            return False  # EOF between requests
        except asyncio.LimitOverrunError:
            await self._send_error(writer, 431)
            return False
        try:
            req, keep = await self._parse(head, reader, listener, sni)
        except _BadRequest as exc:
            await self._send_error(writer, exc.status)
            return False
        self.log.append(req)
        resp = self._dispatch(req)
        return await self._send(writer, req, resp, keep and not resp.close)

    async def _parse(
        self, head: bytes, reader: asyncio.StreamReader, listener: str, sni: str | None
    ) -> tuple[Request, bool]:
        lines = head[:-4].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[0].isalpha() or not parts[2].startswith("HTTP/1."):
            raise _BadRequest(400)
        method, target, version = parts
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                raise _BadRequest(400)
            headers.append((name, value.strip()))
        hmap = {k.lower(): v for k, v in headers}
        body = await self._read_body(reader, hmap)
        conn = hmap.get("connection", "").lower()
        keep = "close" not in conn if version == "HTTP/1.1" else "keep-alive" in conn
        if "://" in target:
            split = urlsplit(target)
            target = split.path + ("?" + split.query if split.query else "")
        req = Request(
            method=method.upper(),
            target=target or "/",
            host=_host_of(hmap.get("host"), parts[1], sni),
            headers=tuple(headers),
            body=body,
            listener=listener,
            sni=sni,
            time=time.time(),
        )
        return req, keep

    async def _read_body(self, reader: asyncio.StreamReader, hmap: dict[str, str]) -> bytes:
        if "chunked" in hmap.get("transfer-encoding", "").lower():
            chunks: list[bytes] = []
            total = 0
            while True:
                size_line = await reader.readuntil(b"\r\n")
                try:
                    size = int(size_line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise _BadRequest(400) from None
                total += size
                if total > MAX_BODY:
                    raise _BadRequest(413)
                if size == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append((await reader.readexactly(size + 2))[:-2])
        length = hmap.get("content-length")
        if length is None:
            return b""
        if not length.isdigit():
            raise _BadRequest(400)
        if int(length) > MAX_BODY:
            raise _BadRequest(413)
        return await reader.readexactly(int(length))

    def _dispatch(self, req: Request) -> Response:
        vhost = self.hosts.get(req.host)
        if vhost is None:
            return Response(404, (("Content-Type", "text/plain"),), b"unknown virtual host\n")
        if req.listener == "http" and vhost.http_to_https:
            return Response(301, (("Location", f"https://{vhost.name}{req.target}"),))
        handler = vhost.resolve(req.path) or _NOT_FOUND
        try:
            return handler(req)
        except Exception:
            self.errors.append(traceback.format_exc())
            return Response(500, (("Content-Type", "text/plain"),), b"handler crashed\n")

    async def _send_error(self, writer: asyncio.StreamWriter, status: int) -> None:
        phrase = http.HTTPStatus(status).phrase
        writer.write(
            f"HTTP/1.1 {status} {phrase}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        with contextlib.suppress(OSError):
            await writer.drain()

    async def _send(
        self, writer: asyncio.StreamWriter, req: Request, resp: Response, keep: bool
    ) -> bool:
        if resp.delay:
            await asyncio.sleep(resp.delay)
        if resp.reset:
            _abort(writer)
            return False
        headers = list(resp.headers)
        names = {k.lower() for k, _ in headers}
        chunked = resp.stream is not None and resp.stream_length is None
        if resp.stream is not None and resp.stream_length is not None:
            headers.append(("Content-Length", str(resp.stream_length)))
        elif chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        elif "content-length" not in names:
            headers.append(("Content-Length", str(len(resp.body))))
        if not keep:
            headers.append(("Connection", "close"))
        headers += [("Server", "campaign-checker-demo"), ("Date", formatdate(usegmt=True))]
        try:
            phrase = http.HTTPStatus(resp.status).phrase
        except ValueError:
            phrase = "Unknown"
        lines = [f"HTTP/1.1 {resp.status} {phrase}"] + [f"{k}: {v}" for k, v in headers]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if req.method != "HEAD" and resp.status not in (204, 304):
            if resp.stream is None:
                writer.write(resp.body)
            else:
                async with contextlib.aclosing(resp.stream()) as chunks:
                    async for chunk in chunks:
                        if writer.transport.is_closing():
                            return False
                        if not chunk:
                            continue
                        writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                        await writer.drain()
                if chunked:
                    writer.write(b"0\r\n\r\n")
        await writer.drain()
        return keep
