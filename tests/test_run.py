"""The run's own rules, without the network: which campaigns a run takes (--campaign,
--shard, launch order) and which curl-style values it refuses before any request."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from checker.manifest.model import Campaign
from checker.run import RunOptions, check_network_options, in_shard, select

SLUGS = [f"campaign-{i}" for i in range(200)]


def manifest(slug: str, launch: str) -> Campaign:
    return Campaign.model_validate(
        {"campaign": slug, "launch": launch, "urls": ["https://a.test/"]}
    )


def test_without_shards_every_campaign_is_in() -> None:
    assert all(in_shard(slug, None) for slug in SLUGS)


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_each_campaign_is_in_exactly_one_shard(count: int) -> None:
    for slug in SLUGS:
        assert sum(in_shard(slug, (k, count)) for k in range(1, count + 1)) == 1, slug


def test_shards_split_a_portfolio_roughly_evenly() -> None:
    sizes = Counter(next(k for k in range(1, 5) if in_shard(s, (k, 4))) for s in SLUGS)
    assert set(sizes) == {1, 2, 3, 4}
    assert min(sizes.values()) >= 30  # 50 each on average


def test_a_campaigns_shard_depends_on_its_slug_only() -> None:
    """The same slug lands in the same shard in every run and every portfolio: a fixed hash,
    not Python's per-process one."""
    assert [k for k in range(1, 4) if in_shard("summer-2027", (k, 3))] == [3]
    assert [k for k in range(1, 4) if in_shard("autumn-launch", (k, 3))] == [1]


def test_select_filters_and_orders_by_launch_then_slug() -> None:
    campaigns = [
        manifest("late", "2027-09-01"),
        manifest("b-early", "2027-06-01"),
        manifest("a-early", "2027-06-01"),
        manifest("skipped", "2027-01-01"),
    ]
    options = RunOptions(campaigns=["late", "b-early", "a-early"])
    assert [c.campaign for c in select(campaigns, options)] == ["a-early", "b-early", "late"]
    assert next(c.campaign for c in select(campaigns, RunOptions())) == "skipped"


def test_select_applies_the_shard_after_the_filter() -> None:
    campaigns = [manifest(slug, "2027-06-01") for slug in SLUGS[:20]]
    chosen = select(campaigns, RunOptions(campaigns=SLUGS[:10], shard=(2, 2)))
    assert {c.campaign for c in chosen} == {s for s in SLUGS[:10] if in_shard(s, (2, 2))}


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (RunOptions(connect_to=["a.test:443"]), "--connect-to 'a.test:443'"),
        (RunOptions(resolve=["a.test:443"]), "--resolve 'a.test:443'"),
        (RunOptions(nameservers=["127.0.0.1:99999"]), "--nameserver '127.0.0.1:99999'"),
        (RunOptions(user_agent="bot\r\nX-Injected: 1"), "--user-agent"),
        (RunOptions(user_agent="  "), "--user-agent"),
    ],
)
def test_a_bad_network_option_is_refused_naming_it(options: RunOptions, named: str) -> None:
    with pytest.raises(ValueError, match="^" + named.replace("(", r"\(")) as caught:
        check_network_options(options)
    assert named in str(caught.value)


def test_good_network_options_pass() -> None:
    options = RunOptions(
        connect_to=["a.test:443:127.0.0.1:8443", "::b.test:"],
        resolve=["a.test:443:127.0.0.1"],
        nameservers=["127.0.0.1:5353", "::1"],
        user_agent="campaign-checker-ci/1.0",
        now=datetime(2027, 6, 1, tzinfo=UTC),
    )
    check_network_options(options)
