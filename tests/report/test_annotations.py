"""GitHub Actions workflow commands: one per failing/warning check, escaped."""

from checker.report.formats import annotations

from .sample import sample_report


def test_annotations_one_command_per_failing_or_warning_check() -> None:
    lines = annotations.render(sample_report()).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 19
    assert sum(line.startswith("::warning ") for line in lines) == 2
    assert len(lines) == 21


def test_annotations_warning_has_file_title_and_message() -> None:
    lines = annotations.render(sample_report()).splitlines()
    warning = next(line for line in lines if "tls.expiry" in line)
    assert warning == (
        "::warning file=campaigns/summer-2027.yaml,title=Summer Sale 2027 — Été%3A tls.expiry "
        "https%3A//go.acme.example/s27?utm_source=billboard&utm_campaign=s27::certificate for "
        "go.acme.example ends 2027-07-15, before the flight ends 2027-08-31: renew it or shorten "
        "the flight"
    )


def test_annotations_escape_data_and_properties() -> None:
    assert annotations.escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert annotations.escape_property("100% a:b,c\n") == "100%25 a%3Ab%2Cc%0A"
    assert (
        annotations.command("error", "x\ny", title="a, b: c") == "::error title=a%2C b%3A c::x%0Ay"
    )


def test_annotations_none_for_a_clean_report() -> None:
    report = sample_report()
    report.campaigns = [c for c in report.campaigns if c.campaign == "spring-teaser"]
    assert annotations.render(report) == ""


def test_annotations_incomplete_report_adds_a_warning() -> None:
    last = annotations.render(sample_report(complete=False)).splitlines()[-1]
    assert last == (
        "::warning title=campaign-check::report incomplete: deadline of 60 s reached; "
        "7 checks skipped"
    )
