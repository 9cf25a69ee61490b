"""RFC 9309 robots.txt evaluation."""

from __future__ import annotations

import time

import pytest

from checker.content.robots import MAX_ROBOTS_BYTES, blocked_agents, robots_disallows


def test_longest_match_wins_over_earlier_shorter_rule() -> None:
    robots = "User-agent: *\nDisallow: /\nAllow: /offer\n"
    assert not robots_disallows(robots, "/offer/autumn", "*")
    assert robots_disallows(robots, "/about", "*")


def test_longest_match_wins_when_disallow_is_more_specific() -> None:
    robots = "User-agent: *\nAllow: /shop\nDisallow: /shop/cart\n"
    assert robots_disallows(robots, "/shop/cart/1", "*")
    assert not robots_disallows(robots, "/shop/shoes", "*")


def test_equally_long_allow_and_disallow_tie_goes_to_allow() -> None:
    robots = "User-agent: *\nDisallow: /page\nAllow: /page\n"
    assert not robots_disallows(robots, "/page", "*")


def test_wildcard_rules_tie_goes_to_allow() -> None:
    robots = "User-agent: *\nAllow: /$\nDisallow: /*\n"
    assert not robots_disallows(robots, "/", "*")
    assert robots_disallows(robots, "/x", "*")


def test_star_wildcard_matches_any_sequence() -> None:
    robots = "User-agent: *\nDisallow: /*/private/\n"
    assert robots_disallows(robots, "/en/private/offer", "*")
    assert not robots_disallows(robots, "/en/public/offer", "*")


def test_dollar_anchors_end_of_path() -> None:
    robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /exact$\n"
    assert robots_disallows(robots, "/files/brochure.pdf", "*")
    assert not robots_disallows(robots, "/files/brochure.pdf?download=1", "*")
    assert not robots_disallows(robots, "/files/brochure.pdfx", "*")
    assert robots_disallows(robots, "/exact", "*")
    assert not robots_disallows(robots, "/exact/", "*")


def test_rule_matches_path_prefix_including_query() -> None:
    robots = "User-agent: *\nDisallow: /offer?preview\n"
    assert robots_disallows(robots, "/offer?preview=1", "*")
    assert not robots_disallows(robots, "/offer?utm_source=mail", "*")


def test_specific_group_is_chosen_over_star_group() -> None:
    robots = "User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nAllow: /\n"
    assert not robots_disallows(robots, "/offer", "Googlebot")
    assert robots_disallows(robots, "/offer", "Bingbot")
    assert robots_disallows(robots, "/offer", "*")


def test_user_agent_matching_is_case_insensitive_on_product_token() -> None:
    robots = "User-agent: googlebot/2.1\nDisallow: /\n"
    assert robots_disallows(robots, "/", "Googlebot")
    assert robots_disallows(robots, "/", "GOOGLEBOT/2.1")
    assert not robots_disallows(robots, "/", "Googlebot-News")


def test_consecutive_user_agent_lines_share_one_group() -> None:
    robots = "User-agent: Bingbot\nUser-agent: Googlebot\nDisallow: /private\n"
    assert robots_disallows(robots, "/private", "Googlebot")
    assert robots_disallows(robots, "/private", "Bingbot")


def test_groups_for_the_same_agent_are_combined() -> None:
    robots = (
        "User-agent: Googlebot\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\n"
        "User-agent: Googlebot\nDisallow: /b\n"
    )
    assert robots_disallows(robots, "/a", "Googlebot")
    assert robots_disallows(robots, "/b", "Googlebot")
    assert not robots_disallows(robots, "/c", "Googlebot")


def test_empty_disallow_allows_everything() -> None:
    assert not robots_disallows("User-agent: *\nDisallow:\n", "/", "*")


def test_specific_group_with_empty_disallow_does_not_fall_back_to_star() -> None:
    robots = "User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nDisallow:\n"
    assert not robots_disallows(robots, "/", "Googlebot")


def test_user_agent_after_empty_disallow_starts_new_group() -> None:
    robots = "User-agent: Googlebot\nDisallow:\nUser-agent: *\nDisallow: /\n"
    assert not robots_disallows(robots, "/", "Googlebot")
    assert robots_disallows(robots, "/", "*")


def test_no_matching_group_and_no_star_group_allows() -> None:
    assert not robots_disallows("User-agent: Bingbot\nDisallow: /\n", "/", "Googlebot")


def test_rules_before_first_user_agent_are_ignored() -> None:
    assert not robots_disallows("Disallow: /\nUser-agent: *\nAllow: /x\n", "/", "*")


def test_comments_crlf_bom_and_other_records_are_tolerated() -> None:
    robots = (
        "\ufeff# staging\r\nUser-Agent: * # everyone\r\nSitemap: https://acme.example/s.xml\r\n"
        "DISALLOW: / # keep out\r\n"
    )
    assert robots_disallows(robots, "/", "*")


def test_empty_robots_allows() -> None:
    assert not robots_disallows("", "/", "*")


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        ("/foo/bar?baz=quz", "/foo/bar?baz=quz"),
        ("/foo/bar/\u30c4", "/foo/bar/%E3%83%84"),
        ("/foo/bar/%E3%83%84", "/foo/bar/\u30c4"),
        ("/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84"),
        ("/foo/bar/%62%61%7A", "/foo/bar/baz"),
        ("/foo/bar/baz", "/foo/bar/%62%61%7A"),
    ],
)
def test_percent_encoded_and_literal_forms_are_equivalent(rule: str, path: str) -> None:
    assert robots_disallows(f"User-agent: *\nDisallow: {rule}\n", path, "*")


def test_encoded_reserved_character_is_not_decoded() -> None:
    assert not robots_disallows("User-agent: *\nDisallow: /a%2Fb\n", "/a/b", "*")


def test_content_past_size_limit_is_ignored() -> None:
    robots = "User-agent: *\n" + "#" * MAX_ROBOTS_BYTES + "\nDisallow: /\n"
    assert not robots_disallows(robots, "/", "*")


def test_pathological_wildcards_finish_quickly() -> None:
    robots = "User-agent: *\nDisallow: /" + "*a" * 50 + "b\n"
    started = time.perf_counter()
    assert not robots_disallows(robots, "/" + "a" * 5000, "*")
    assert time.perf_counter() - started < 2


def test_staging_disallow_all_blocks_star_and_googlebot() -> None:
    assert blocked_agents("User-agent: *\nDisallow: /\n", "/offer") == ("*", "Googlebot")
