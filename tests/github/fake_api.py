"""A real HTTP server on 127.0.0.1 that behaves like the GitHub REST API's issue endpoints.

It keeps issues in memory and records every request it receives. Endpoints (under an
optional path prefix, as GitHub Enterprise's `/api/v3`):

* ``GET  /repos/O/R/issues?labels=L&state=all&per_page=N&page=P``: newest first, paginated
  with `Link: <…>; rel="next"` (and "last"), pull requests included as GitHub does;
* ``POST /repos/O/R/issues`` (title, body, labels, assignees);
* ``PATCH /repos/O/R/issues/N`` (title, body, state, state_reason);
* ``POST /repos/O/R/issues/N/comments``: 403 when the issue is locked;
* ``POST /repos/O/R/issues/N/assignees``: only known collaborators are assigned.

Unknown issues answer 404, deleted ones 410, a wrong token 401, and `read_only` makes
every write 403 without rate-limit headers. `fail(...)` queues scripted answers (a 5xx,
a 403 or 429 with rate-limit headers, a slow answer) for the next matching requests.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPOSITORY = "acme/campaigns"
TOKEN = "ghs_Fake0Token1For2Tests3Only4abcdefghij"


@dataclass
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


@dataclass
class Scripted:
    """An answer given instead of the normal one to the next `times` matching requests."""

    method: str
    path: re.Pattern[str]
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    delay: float = 0.0
    times: int = 1


class FakeGitHub:
    """Run with ``with FakeGitHub() as api: ...``; `api.url` is the GITHUB_API_URL."""

    def __init__(self, *, prefix: str = "", collaborators: tuple[str, ...] = ()) -> None:
        self.prefix = prefix
        self.collaborators = {c.lower() for c in collaborators}
        self.read_only = False
        self.drop_labels = False  # as GitHub does for a token that may not label issues
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[str]] = {}
        self.deleted: set[int] = set()
        self.requests: list[Recorded] = []
        self.next_page_url: str | None = None  # overrides the `next` link of the first page
        self._script: list[Scripted] = []
        self._lock = threading.Lock()
        self._clock = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes

            def do_GET(self) -> None:
                api._handle(self)

            def do_POST(self) -> None:
                api._handle(self)

            def do_PATCH(self) -> None:
                api._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def __enter__(self) -> FakeGitHub:
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

    # --- what tests set up and look at ------------------------------------------------------

    def add_issue(
        self,
        body: str,
        *,
        title: str = "an issue",
        state: str = "open",
        labels: tuple[str, ...] = ("campaign-check",),
        locked: bool = False,
        pull_request: bool = False,
    ) -> int:
        """Put an issue (or a pull request) in the repository; returns its number."""
        with self._lock:
            number = len(self.issues) + 1
            self.issues[number] = {
                "number": number,
                "title": title,
                "body": body,
                "state": state,
                "state_reason": "completed" if state == "closed" else None,
                "locked": locked,
                "labels": [{"name": name} for name in labels],
                "assignees": [],
                "created_at": self._stamp(),
                "closed_at": self._stamp() if state == "closed" else None,
            }
            if pull_request:
                self.issues[number]["pull_request"] = {"url": "…"}
            self.comments[number] = []
        return number

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        body: Any = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """Answer the next `times` requests of `method` whose path matches `path` (a regex)."""
        with self._lock:
            self._script.append(
                Scripted(method, re.compile(path), status, headers or {}, body, delay, times)
            )

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.is_write]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def open_issues(self, label: str = "campaign-check") -> list[dict[str, Any]]:
        return [i for i in self._labelled(label) if i["state"] == "open"]

    # --- the API -----------------------------------------------------------------------------

    def _stamp(self) -> str:
        self._clock += 1
        return f"2027-05-01T00:{self._clock // 60:02d}:{self._clock % 60:02d}Z"

    def _labelled(self, label: str) -> list[dict[str, Any]]:
        wanted = {name for name in label.split(",") if name}
        return [
            issue
            for number, issue in sorted(self.issues.items(), reverse=True)
            if number not in self.deleted and wanted <= {lab["name"] for lab in issue["labels"]}
        ]

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        record = Recorded(handler.command, parts.path, query, dict(handler.headers), body)
        with self._lock:
            self.requests.append(record)
            scripted = self._scripted(record)
        if scripted is not None:
            time.sleep(scripted.delay)
            self._send(handler, scripted.status, scripted.body, scripted.headers)
            return
        if handler.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(handler, 401, {"message": "Bad credentials"})
            return
        with self._lock:
            status, data, headers = self._answer(record)
        self._send(handler, status, data, headers)

    def _scripted(self, record: Recorded) -> Scripted | None:
        for rule in self._script:
            if rule.times > 0 and rule.method == record.method and rule.path.search(record.path):
                rule.times -= 1
                return rule
        return None

    def _answer(self, record: Recorded) -> tuple[int, Any, dict[str, str]]:
        base = f"{self.prefix}/repos/{REPOSITORY}/issues"
        if not record.path.startswith(base):
            return 404, {"message": "Not Found"}, {}
        rest = record.path[len(base) :]
        if record.is_write and self.read_only:
            return 403, {"message": "Resource not accessible by integration"}, {}
        if rest == "" and record.method == "GET":
            return self._list(record)
        if rest == "" and record.method == "POST":
            return 201, self._create(record.json), {}
        match = re.fullmatch(r"/(\d+)(/comments|/assignees)?", rest)
        if match is None:
            return 404, {"message": "Not Found"}, {}
        number = int(match.group(1))
        if number in self.deleted:
            return 410, {"message": "This issue was deleted"}, {}
        issue = self.issues.get(number)
        if issue is None:
            return 404, {"message": "Not Found"}, {}
        if match.group(2) == "/comments" and record.method == "POST":
            if issue["locked"]:
                return 403, {"message": "Unable to create comment because issue is locked."}, {}
            self.comments[number].append(record.json["body"])
            return 201, {"id": len(self.comments[number]), "body": record.json["body"]}, {}
        if match.group(2) == "/assignees" and record.method == "POST":
            logins = [a for a in record.json["assignees"] if a.lower() in self.collaborators]
            issue["assignees"] += [{"login": login} for login in logins]
            return 201, issue, {}
        if match.group(2) is None and record.method == "PATCH":
            return 200, self._edit(issue, record.json), {}
        return 404, {"message": "Not Found"}, {}

    def _list(self, record: Recorded) -> tuple[int, Any, dict[str, str]]:
        state = record.query.get("state", "open")
        found = [
            i
            for i in self._labelled(record.query.get("labels", ""))
            if state == "all" or i["state"] == state
        ]
        per_page = min(int(record.query.get("per_page", "30")), 100)
        page = int(record.query.get("page", "1"))
        pages = max(1, -(-len(found) // per_page))
        headers: dict[str, str] = {}
        link = f"{self.url}/repos/{REPOSITORY}/issues?labels={record.query.get('labels', '')}"
        link += f"&state={state}&per_page={per_page}"
        links = []
        if page < pages:
            links.append(f'<{self.next_page_url or link + f"&page={page + 1}"}>; rel="next"')
            links.append(f'<{link}&page={pages}>; rel="last"')
        if links:
            headers["Link"] = ", ".join(links)
        return 200, found[(page - 1) * per_page : page * per_page], headers

    def _create(self, data: dict[str, Any]) -> dict[str, Any]:
        number = len(self.issues) + 1
        labels = [] if self.drop_labels else data.get("labels", [])
        self.issues[number] = {
            "number": number,
            "title": data["title"],
            "body": data.get("body", ""),
            "state": "open",
            "state_reason": None,
            "locked": False,
            "labels": [{"name": name} for name in labels],
            "assignees": [],
            "created_at": self._stamp(),
            "closed_at": None,
        }
        self.comments[number] = []
        return self.issues[number]

    def _edit(self, issue: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        for key in ("title", "body", "state_reason"):
            if key in data:
                issue[key] = data[key]
        if data.get("state") == "closed" and issue["state"] != "closed":
            issue["closed_at"] = self._stamp()
        if data.get("state") == "open":
            issue["closed_at"] = None
        issue["state"] = data.get("state", issue["state"])
        return issue

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        data: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        payload = json.dumps(data).encode() if data is not None else b""
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(payload)))
            if handler.close_connection:  # the request said `Connection: close`
                handler.send_header("Connection", "close")
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
