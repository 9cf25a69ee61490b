"""`campaign-check validate` on broken manifests: every problem as `file:line:column: key: message`,
exit 2, no traceback, nothing checked."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main

Files = dict[str, str | bytes]
SUMMARY = "nothing was checked."


def run_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: Files) -> Result:
    """Write `files` under `tmp_path` and run `campaign-check validate` from there."""
    for name, body in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["validate"])


def problems(result: Result) -> list[str]:
    """The issue lines printed on stderr (without the closing summary)."""
    lines = result.stderr.splitlines()
    assert lines, result.output
    assert lines[-1].endswith(SUMMARY), result.output
    return lines[:-1]


def assert_refused(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "ok  " not in result.stdout  # no manifest reported valid when any is not


def one(body: str | bytes) -> Files:
    return {"campaigns/x.yaml": body}


HEAD = "campaign: x\nlaunch: 2027-06-01\n"
URLS = "urls: [https://x.example/]\n"


def with_head(block: str) -> Files:
    """campaigns/x.yaml: a valid `campaign:` and `launch:`, then `block`."""
    return one(HEAD + textwrap.dedent(block))


# Six levels of ten aliases each: a million values from a few hundred bytes.
_BOMB = HEAD + "a: &a [" + ", ".join(['"x"'] * 10) + "]\n"
for _name, _prev in zip("bcdef", "abcde", strict=True):
    _BOMB += f"{_name}: &{_name} [" + ", ".join([f"*{_prev}"] * 10) + "]\n"

CASES = [
    # --- the file cannot be read as YAML -----------------------------------------------
    pytest.param(
        one(HEAD + "name: Summer: Sale\n"),
        ["campaigns/x.yaml:3:13: YAML syntax error: mapping values are not allowed here"],
        id="yaml-syntax-error",
    ),
    pytest.param(
        one(HEAD + "urls: [https://a.example/\n"),
        [
            "campaigns/x.yaml:4:1: YAML syntax error: expected ',' or ']', but got "
            "'<stream end>' (while parsing a flow sequence that starts at line 3, column 7)"
        ],
        id="yaml-unclosed-bracket-says-where-it-opened",
    ),
    pytest.param(
        one("campaign: x\n\tlaunch: 2027-06-01\n"),
        [
            "campaigns/x.yaml:2:1: YAML syntax error: while scanning for the next token found "
            "character '\\t' that cannot start any token (indent with spaces, not tabs)"
        ],
        id="yaml-tab-indent",
    ),
    pytest.param(one(b""), ["campaigns/x.yaml: the file is empty"], id="empty-file"),
    pytest.param(
        one("# only a comment\n\n"), ["campaigns/x.yaml: the file is empty"], id="comments-only"
    ),
    pytest.param(
        one(HEAD.encode() + b"name: Caf\xe9\n"),
        ["campaigns/x.yaml:3:10: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
        id="non-utf8-latin1",
    ),
    pytest.param(
        one(HEAD.encode() + "name: é".encode() + b"\xff\n"),
        ["campaigns/x.yaml:3:8: not UTF-8 text (byte 0xff); save the file as UTF-8"],
        id="non-utf8-column-counts-characters",
    ),
    pytest.param(
        one(HEAD.encode("utf-16")),
        ["campaigns/x.yaml:1:1: not UTF-8 text (byte 0xff); save the file as UTF-8"],
        id="non-utf8-utf16",
    ),
    pytest.param(
        one(HEAD + "name: a\x07b\n"),
        ["campaigns/x.yaml:3:8: character #x0007 is not allowed in YAML; remove it"],
        id="control-character",
    ),
    pytest.param(
        one(HEAD + "campaign: y\n" + URLS),
        ["campaigns/x.yaml:3:1: campaign: duplicate key (first set on line 1)"],
        id="duplicate-key",
    ),
    pytest.param(
        one(HEAD + "urls:\n  - <<: 5\n    url: https://a.example/\n"),
        ["campaigns/x.yaml:4:9: a merge key (<<) must refer to a mapping or a list of mappings"],
        id="merge-key-not-a-mapping",
    ),
    pytest.param(
        one("- campaign: x\n"),
        ["campaigns/x.yaml:1:1: must be a mapping with at least `campaign:` and `launch:`"],
        id="not-a-mapping",
    ),
    pytest.param(
        one(_BOMB),
        [
            "campaigns/x.yaml:3:8: document expands to more than 100000 values "
            "(YAML aliases used as a 'billion laughs' bomb?); refused"
        ],
        id="alias-bomb",
    ),
    pytest.param(
        one(HEAD + "name: " + "[" * 100 + "]" * 100 + "\n"),
        ["campaigns/x.yaml:3:71: nested deeper than 64 levels; refused"],
        id="nesting-bomb",
    ),
    pytest.param(
        # Broken YAML after the limit: had it been parsed, a syntax error would show too.
        one(HEAD + "#" * (1_000_001 - len(HEAD) - 3) + "\n[\n"),
        ["campaigns/x.yaml: file is 1,000,001 bytes; manifests over 1 MB refused"],
        id="over-1-MB-refused-not-parsed",
    ),
    # --- keys --------------------------------------------------------------------------
    pytest.param(
        one("campaign: x\nlanch: 2027-06-01\n"),
        [
            "campaigns/x.yaml:1:1: launch: is required",
            "campaigns/x.yaml:2:1: lanch: unknown key (did you mean 'launch'?)",
        ],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        with_head(
            """\
            urls:
              - url: https://a.example/
                expect:
                  stauts: 301
            """
        ),
        ["campaigns/x.yaml:6:7: urls[0].expect.stauts: unknown key (did you mean 'status'?)"],
        id="unknown-nested-key-did-you-mean",
    ),
    pytest.param(
        one(HEAD + "colour: red\n"),
        [
            "campaigns/x.yaml:3:1: colour: unknown key (known keys: campaign, name, owner, "
            "timezone, launch, ends, defaults, urls, microsites)"
        ],
        id="unknown-key-lists-known-keys",
    ),
    pytest.param(
        one("name: x\n"),
        [
            "campaigns/x.yaml:1:1: campaign: is required",
            "campaigns/x.yaml:1:1: launch: is required",
        ],
        id="required-keys-missing",
    ),
    # --- wrong types -------------------------------------------------------------------
    pytest.param(
        with_head(
            """\
            urls:
              - https://a.example/
              - https://b.example/
              - url: https://c.example/
                expect:
                  status: ok
            """
        ),
        [
            "campaigns/x.yaml:8:15: urls[2].expect.status: must be an integer 100-599 or a list "
            'of them (got "ok")'
        ],
        id="status-not-an-integer",
    ),
    pytest.param(
        one(HEAD + "urls:\n  - {url: https://a.example/, expect: {status: [200, 700]}}\n"),
        [
            "campaigns/x.yaml:4:48: urls[0].expect.status: must be an integer 100-599 or a list "
            "of them (got [200, 700])"
        ],
        id="status-out-of-range",
    ),
    pytest.param(
        one(HEAD + "urls:\n  - {url: https://a.example/, expect: {keep_query: maybe}}\n"),
        ['campaigns/x.yaml:4:52: urls[0].expect.keep_query: must be true or false (got "maybe")'],
        id="bool-expected",
    ),
    pytest.param(
        one(HEAD + "urls:\n  - {url: https://a.example/, expect: {contains: 3}}\n"),
        [
            "campaigns/x.yaml:4:50: urls[0].expect.contains: must be a text or a list of texts "
            "(got 3)"
        ],
        id="contains-not-text",
    ),
    pytest.param(
        one(HEAD + "defaults:\n  timeout: fast\n"),
        ['campaigns/x.yaml:4:12: defaults.timeout: must be a number (got "fast")'],
        id="number-expected",
    ),
    pytest.param(
        one(HEAD + "microsites:\n  - url: https://m.example/\n    max_depth: 2.5\n"),
        ["campaigns/x.yaml:5:16: microsites[0].max_depth: must be a whole number (got 2.5)"],
        id="integer-expected",
    ),
    pytest.param(
        one(HEAD + "urls: https://a.example/\n"),
        ['campaigns/x.yaml:3:7: urls: must be a list (got "https://a.example/")'],
        id="list-expected",
    ),
    pytest.param(
        one(HEAD + "urls:\n  -\n"),
        ["campaigns/x.yaml:4:4: urls[0]: must be a mapping of keys to values (got nothing)"],
        id="empty-list-item",
    ),
    pytest.param(
        one("campaign: Summer Sale\nlaunch: 2027-06-01\n"),
        [
            "campaigns/x.yaml:1:11: campaign: must be a slug: lowercase letters, digits and '-', "
            'e.g. summer-2027 (got "Summer Sale")'
        ],
        id="bad-slug",
    ),
    # --- dates and zones ---------------------------------------------------------------
    pytest.param(
        one("campaign: x\nlaunch: 2027-13-01\n"),
        [
            "campaigns/x.yaml:2:9: launch: is not a valid date: month must be in 1..12 "
            '(got "2027-13-01")'
        ],
        id="bad-date",
    ),
    pytest.param(
        one("campaign: x\nlaunch:\n"),
        [
            "campaigns/x.yaml:2:8: launch: must be a date (2027-06-01) or an ISO datetime "
            "(2027-06-01T09:00:00-04:00) (got nothing)"
        ],
        id="empty-date",
    ),
    pytest.param(
        one(HEAD + "ends: 2027-05-31\n"),
        [
            "campaigns/x.yaml:3:7: ends: is before launch (2027-06-01T00:00:00+00:00; "
            'got "2027-05-31")'
        ],
        id="ends-before-launch",
    ),
    pytest.param(
        one(HEAD + "timezone: Mars/Olympus\n"),
        [
            'campaigns/x.yaml:3:11: timezone: unknown time zone (got "Mars/Olympus"); '
            "use an IANA name such as Europe/Paris"
        ],
        id="unknown-time-zone",
    ),
    # --- URLs, printed forms, QR images ------------------------------------------------
    pytest.param(
        one(HEAD + "urls:\n  - url: https://a.example/\n    printed: https://go.a.example/s27\n"),
        [
            "campaigns/x.yaml:5:14: urls[0].printed: must be written without a scheme, as printed "
            '(e.g. go.acme.example/s27; got "https://go.a.example/s27"); both http:// and '
            "https:// are tried"
        ],
        id="printed-with-scheme",
    ),
    pytest.param(
        {
            **one(HEAD + "urls:\n  - url: https://a.example/\n    qr: assets/q.png\n"),
            "assets/q.png": b"found only relative to the cwd, not to the manifest",
        },
        [
            'campaigns/x.yaml:5:9: urls[0].qr: image "assets/q.png" not found '
            "(looked for {root}/campaigns/assets/q.png)"
        ],
        id="qr-missing-relative-to-manifest",
    ),
    pytest.param(
        one(HEAD + "urls:\n  - ftp://a.example/file\n"),
        [
            'campaigns/x.yaml:4:5: urls[0].url: must be an http:// or https:// URL (got "ftp://a.example/file")'
        ],
        id="non-http-url",
    ),
    pytest.param(
        one(HEAD + "microsites:\n  - url: mailto:web@a.example\n"),
        [
            "campaigns/x.yaml:4:10: microsites[0].url: must be an http:// or https:// URL "
            '(got "mailto:web@a.example")'
        ],
        id="non-http-microsite",
    ),
    pytest.param(
        one(HEAD + "urls:\n  - url: https://a.example/\n    expect: {final_url: /summer}\n"),
        [
            "campaigns/x.yaml:5:25: urls[0].expect.final_url: must be an http:// or https:// URL "
            '(got "/summer")'
        ],
        id="relative-final-url",
    ),
    # --- duplicates --------------------------------------------------------------------
    pytest.param(
        with_head(
            """\
            urls:
              - https://a.example/
              - url: HTTPS://A.example:443
            microsites:
              - https://a.example
            """
        ),
        [
            "campaigns/x.yaml:5:5: urls[1]: https://a.example/ is listed twice (also urls[0])",
            "campaigns/x.yaml:7:5: microsites[0]: https://a.example/ is listed twice "
            "(also urls[0])",
        ],
        id="duplicate-targets",
    ),
    pytest.param(
        {
            "campaigns/a.yaml": "campaign: same\nlaunch: 2027-06-01\n" + URLS,
            "campaigns/b.yaml": "# copied from a.yaml\ncampaign: same\nlaunch: 2027-07-01\n" + URLS,
        },
        ["campaigns/b.yaml:2:11: campaign: campaign slug 'same' is also used by campaigns/a.yaml"],
        id="duplicate-slug-across-files",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_each_error_class_is_reported_with_file_line_column_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: Files, expected: list[str]
) -> None:
    result = run_validate(tmp_path, monkeypatch, files)
    assert_refused(result)
    root = str(tmp_path.resolve())
    assert problems(result) == [line.format(root=root) for line in expected]


def test_every_error_in_a_file_is_listed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = """\
        campaign: Summer Sale
        launch: 2027-06-01
        ends: 2027-05-01
        timezone: Mars/Olympus
        colour: red
        urls:
          - https://a.example/
          - ftp://b.example/
          - url: https://a.example
            printed: https://go.a.example/x
            expect:
              status: ok
              stauts: 200
        microsites:
          - url: https://m.example/
            max_pages: many
        """
    result = run_validate(tmp_path, monkeypatch, one(body))
    assert_refused(result)
    assert problems(result) == [
        "campaigns/x.yaml:1:11: campaign: must be a slug: lowercase letters, digits and '-', "
        'e.g. summer-2027 (got "Summer Sale")',
        "campaigns/x.yaml:3:7: ends: is before launch (2027-06-01T00:00:00+00:00; "
        'got "2027-05-01")',
        'campaigns/x.yaml:4:11: timezone: unknown time zone (got "Mars/Olympus"); '
        "use an IANA name such as Europe/Paris",
        "campaigns/x.yaml:5:1: colour: unknown key (known keys: campaign, name, owner, "
        "timezone, launch, ends, defaults, urls, microsites)",
        'campaigns/x.yaml:8:5: urls[1].url: must be an http:// or https:// URL (got "ftp://b.example/")',
        "campaigns/x.yaml:9:5: urls[2]: https://a.example/ is listed twice (also urls[0])",
        "campaigns/x.yaml:10:14: urls[2].printed: must be written without a scheme, as printed "
        '(e.g. go.acme.example/s27; got "https://go.a.example/x"); both http:// and https:// '
        "are tried",
        "campaigns/x.yaml:12:15: urls[2].expect.status: must be an integer 100-599 or a list of "
        'them (got "ok")',
        "campaigns/x.yaml:13:7: urls[2].expect.stauts: unknown key (did you mean 'status'?)",
        'campaigns/x.yaml:16:16: microsites[0].max_pages: must be a whole number (got "many")',
    ]
    assert result.stderr.splitlines()[-1] == "10 problems found; nothing was checked."


def test_duplicate_slug_is_reported_even_when_the_second_file_has_other_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_validate(
        tmp_path,
        monkeypatch,
        {
            "campaigns/a.yaml": "campaign: same\nlaunch: 2027-06-01\n" + URLS,
            "campaigns/b.yaml": "campaign: same\nlaunch: someday\n",
        },
    )
    assert_refused(result)
    assert problems(result) == [
        "campaigns/b.yaml:1:11: campaign: campaign slug 'same' is also used by campaigns/a.yaml",
        "campaigns/b.yaml:2:9: launch: is not a valid date: Invalid isoformat string: "
        "'someday' (got \"someday\")",
    ]


def test_problems_of_every_file_are_listed_and_valid_files_are_not_reported_ok(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_validate(
        tmp_path,
        monkeypatch,
        {
            "campaigns/a.yaml": "campaign: a\nlaunch: 2027-06-01\nlanch: x\n",
            "campaigns/b.yaml": "campaign: b\nlaunch: 2027-06-01\n" + URLS,
            "campaigns/sub/c.yml": b"campaign: c\nlaunch: \xff\n",
        },
    )
    assert_refused(result)
    assert problems(result) == [
        "campaigns/a.yaml:3:1: lanch: unknown key (did you mean 'launch'?)",
        "campaigns/sub/c.yml:2:9: not UTF-8 text (byte 0xff); save the file as UTF-8",
    ]


def test_a_manifest_of_exactly_1_MB_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = HEAD + URLS + "#" * (1_000_000 - len(HEAD + URLS) - 1) + "\n"
    assert len(body.encode()) == 1_000_000
    result = run_validate(tmp_path, monkeypatch, one(body))
    assert result.exit_code == 0, result.output
    assert "1 manifest valid." in result.stdout
