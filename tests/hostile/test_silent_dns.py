"""A name whose DNS server never answers, over UDP or TCP, is `dns.resolve` fail "timeout"
within the run's DNS timeout, and nothing of it ends as "internal error".

The requests time out first (the manifest's 0.3 s), while the shared lookup goes on to
its own end (1 s): a request's timeout must not cancel what the others wait for, and
the retry must not await a cancelled lookup.
"""

from __future__ import annotations

from pathlib import Path

from tests.checks.helpers import assert_check, campaign, run_check, write_manifest
from tests.hostile.conftest import Hostile
from tests.hostile.servers import SILENT_TCP, SILENT_UDP


def test_silent_dns_is_a_dns_timeout_and_never_an_internal_error(
    hostile: Hostile, tmp_path: Path
) -> None:
    urls = [f"https://{SILENT_UDP}/", f"https://{SILENT_TCP}/"]
    manifest = write_manifest(tmp_path, campaign("silent", urls, defaults={"timeout": 0.3}))
    mark = len(hostile.dns.log)
    run = run_check([manifest], "--timeout", "1", "--retries", "1", *hostile.args())
    for url in urls:
        result = assert_check(run, url, "dns.resolve", "fail", "no DNS answer in time")
        assert result["detail"]["error"] == "timeout"
        for check in run.target(url)["checks"]:
            assert "internal error" not in check["message"], check
    assert run.exit_code == 1
    assert run.seconds < 8, run.seconds
    asked = {(q.name, q.transport) for q in hostile.dns.log[mark:]}
    assert (SILENT_UDP, "udp") in asked
    assert (SILENT_TCP, "tcp") in asked  # truncated over UDP: the silence is TCP's
