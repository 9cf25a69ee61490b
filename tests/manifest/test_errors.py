"""How a manifest problem is written for the person editing the file, and how several are
reported at once (sorted by file, line, column, key)."""

from __future__ import annotations

from checker.manifest.errors import ManifestError, ManifestIssue


def test_an_issue_names_file_line_column_and_key() -> None:
    issue = ManifestIssue("campaigns/s.yaml", 12, 7, "urls[2].expect.status", "must be 100-599")
    assert str(issue) == "campaigns/s.yaml:12:7: urls[2].expect.status: must be 100-599"


def test_unknown_parts_of_the_place_are_left_out() -> None:
    assert (
        str(ManifestIssue("s.yaml", 12, 0, "launch", "is missing"))
        == "s.yaml:12: launch: is missing"
    )
    assert (
        str(ManifestIssue("s.yaml", 0, 0, "", "is not valid YAML")) == "s.yaml: is not valid YAML"
    )
    assert str(ManifestIssue("s.yaml", 0, 0, "campaign", "dup")) == "s.yaml: campaign: dup"


def test_an_error_carries_every_issue_sorted_and_says_them_all() -> None:
    later = ManifestIssue("b.yaml", 1, 1, "urls", "must be a list")
    second = ManifestIssue("a.yaml", 9, 3, "ends", "is before launch")
    first = ManifestIssue("a.yaml", 2, 1, "campaign", "must be a slug")
    error = ManifestError([later, second, first])
    assert error.issues == [first, second, later]
    assert str(error) == "\n".join(map(str, [first, second, later]))
