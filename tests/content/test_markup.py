"""The tag scanner: tags in document order, attributes as a browser reads them, raw text
elements whole, template contents marked, and linear time on hostile nesting."""

from __future__ import annotations

import time

from checker.content.markup import parse_attributes, scan, strip_tags


def test_named_tags_come_in_order_with_raw_text_whole() -> None:
    html = '<p><a href="/x">x</a><script>if (a<b) {}</script><template><a href="/t"></a></template>'
    tags = [t for t in scan(html, frozenset({"a", "script"})) if t.name in ("a", "script")]
    assert [(t.name, t.end, t.template) for t in tags] == [
        ("a", False, False),
        ("script", False, False),
        ("a", False, True),
    ]
    assert tags[1].content == "if (a<b) {}"


def test_attributes_are_unquoted_lowercased_and_unescaped() -> None:
    assert parse_attributes(" HREF=\"/a?x=1&amp;y=2\" data-x='q' defer") == {
        "href": "/a?x=1&y=2",
        "data-x": "q",
        "defer": "",
    }


def test_stripped_tags_and_comments_leave_a_space_between_words() -> None:
    assert strip_tags("a<b>c</b>d") == "a c d"
    assert strip_tags("x<!-- c -->y") == "x y"


def test_a_hundred_thousand_nested_elements_scan_in_well_under_a_second() -> None:
    html = "<div>" * 100_000 + '<a href="/deep">deep</a>' + "</div>" * 100_000
    started = time.process_time()
    found = [t for t in scan(html, frozenset({"a"})) if t.name == "a" and not t.end]
    assert time.process_time() - started < 1.0
    assert len(found) == 1
