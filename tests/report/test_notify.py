"""`--notify URL`: a Slack-compatible POST (`{"text": ...}`) to each webhook when a campaign's
status changed since `--previous`, received here by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from checker.demo.world import World
from checker.net.client import USER_AGENT
from checker.net.proxy import ProxySettings
from checker.report import notify
from checker.report.compare import CampaignChange
from tests.checks.helpers import campaign, run_check, write_manifest

CHANGES = [
    CampaignChange("summer-2027", "ready", "not_ready"),
    CampaignChange("autumn", "new", "at_risk"),
]


@dataclass
class Post:
    path: str
    headers: dict[str, str]
    payload: object


@dataclass
class Webhook:
    """A webhook on 127.0.0.1 that answers every POST with `status` and records it."""

    status: int = 200
    posts: list[Post] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_port}/hooks/campaigns"

    def __enter__(self) -> Webhook:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                hook.posts.append(Post(self.path, headers, json.loads(body)))
                self.send_response(hook.status)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output quiet

        server = self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        serving = {"poll_interval": 0.02}  # so that shutdown() returns at once
        threading.Thread(target=server.serve_forever, kwargs=serving, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    with Webhook() as hook:
        yield hook


# --- the message and the POST -------------------------------------------------------------


def test_the_text_has_one_line_per_changed_campaign() -> None:
    assert notify.message(CHANGES) == (
        "Campaign readiness changed:\n*summer-2027*: ready → not_ready\n*autumn*: new → at_risk"
    )


def test_each_webhook_receives_the_text_as_json(webhook: Webhook) -> None:
    with Webhook() as second:
        errors = notify.send([webhook.url, second.url], CHANGES)
        assert errors == []
        for hook in (webhook, second):
            (post,) = hook.posts
            assert post.path == "/hooks/campaigns"
            assert post.payload == {"text": notify.message(CHANGES)}
            assert post.headers["content-type"] == "application/json"
            assert post.headers["user-agent"] == USER_AGENT


def test_nothing_is_posted_without_a_change(webhook: Webhook) -> None:
    assert notify.send([webhook.url], []) == []
    assert webhook.posts == []


def test_a_failing_webhook_is_reported_and_the_others_still_get_theirs(
    webhook: Webhook, world: World
) -> None:
    refused = f"http://127.0.0.1:{world.refused_port}/hook"
    with Webhook(status=500) as broken:
        errors = notify.send([broken.url, refused, webhook.url], CHANGES, timeout=2)
    assert len(errors) == 2
    assert errors[0].startswith("notify 127.0.0.1: Server error '500")
    assert errors[1].startswith("notify 127.0.0.1: ")
    assert len(broken.posts) == 1
    assert len(webhook.posts) == 1


# --- through `campaign-check check --previous ... --notify ...` --------------------------


def test_a_status_change_since_the_previous_run_is_posted(
    tmp_path: Path, world_args: list[str], webhook: Webhook
) -> None:
    folder = tmp_path / "campaigns"
    write_manifest(folder, campaign("steady", ["https://www.good.test/summer"]))
    write_manifest(folder, campaign("slipping", ["https://good.test/missing"]))
    first = run_check([folder], *world_args, json_path=tmp_path / "first.json")
    assert first.campaign("steady")["status"] == "ready", first.output
    assert first.campaign("slipping")["status"] == "not_ready", first.output

    # The previous run saw both ready: only `slipping` changed.
    before = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
    for entry in before["campaigns"]:
        entry["status"] = "ready"
        for target in entry["targets"]:
            for check in target["checks"]:
                check["status"] = "pass"
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(before), encoding="utf-8")

    args = [*world_args, "--previous", str(previous), "--notify", webhook.url]
    second = run_check([folder], *args, json_path=tmp_path / "second.json")
    assert second.exit_code == 1, second.output
    (post,) = webhook.posts
    assert post.payload == {"text": "Campaign readiness changed:\n*slipping*: ready → not_ready"}
    status = second.check("https://good.test/missing", "http.status", campaign="slipping")
    assert status["change"] == "new"

    # Against its own report nothing changed: no POST.
    third = run_check(
        [folder],
        *world_args,
        "--previous",
        str(tmp_path / "second.json"),
        "--notify",
        webhook.url,
        json_path=tmp_path / "third.json",
    )
    assert third.exit_code == 1, third.output
    assert len(webhook.posts) == 1


def test_an_unreachable_webhook_is_a_warning_not_a_failure(
    tmp_path: Path, world_args: list[str], world: World
) -> None:
    folder = tmp_path / "campaigns"
    write_manifest(folder, campaign("fresh", ["https://www.good.test/summer"]))
    previous = tmp_path / "previous.json"
    previous.write_text(
        json.dumps(
            {
                "schema": 1,
                "generated_at": "2027-01-01T00:00:00+00:00",
                "now": "2027-01-01T00:00:00+00:00",
                "campaigns": [],
            }
        ),
        encoding="utf-8",
    )
    hook = f"http://127.0.0.1:{world.refused_port}/hook"
    run = run_check([folder], *world_args, "--previous", str(previous), "--notify", hook)
    assert run.exit_code == 0, run.output
    assert "warning: notify 127.0.0.1:" in run.output
    assert run.campaign("fresh")["status"] == "ready"


def test_notify_without_previous_is_a_usage_error(
    tmp_path: Path, world_args: list[str], webhook: Webhook
) -> None:
    folder = tmp_path / "campaigns"
    write_manifest(folder, campaign("fresh", ["https://www.good.test/summer"]))
    run = run_check([folder], *world_args, "--notify", webhook.url)
    assert run.exit_code == 2
    assert "--notify needs --previous" in run.output
    assert run.report is None
    assert webhook.posts == []


def test_the_post_goes_through_the_runs_proxy_unless_no_proxy_names_the_host(
    webhook: Webhook, world: World
) -> None:
    dead_proxy = f"http://127.0.0.1:{world.refused_port}"
    through = ProxySettings.from_environment({}, dead_proxy)
    errors = notify.send([webhook.url], CHANGES, timeout=2, proxies=through)
    assert len(errors) == 1  # the proxy refused: the POST did not go around it
    assert webhook.posts == []
    bypass = ProxySettings.from_environment({"no_proxy": "127.0.0.1"}, dead_proxy)
    assert notify.send([webhook.url], CHANGES, timeout=2, proxies=bypass) == []
    assert len(webhook.posts) == 1


def test_upper_case_http_proxy_is_ignored_as_everywhere_else(
    webhook: Webhook, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{world.refused_port}")
    proxies = ProxySettings.from_environment({"HTTP_PROXY": "x"}, None)
    assert notify.send([webhook.url], CHANGES, timeout=2, proxies=proxies) == []
    assert len(webhook.posts) == 1
