"""GitHub Actions workflow commands: one per failing/warning check at its manifest line,
at most 10 of each kind, escaped."""

from checker.report.compare import mark_changes
from checker.report.formats import annotations
from checker.report.model import CheckResult, Status, TargetResult

from .sample import sample_report


def _kinds(lines: list[str]) -> list[str]:
    return [line[2 : line.index(" ")] for line in lines]


def test_annotations_stop_at_ten_errors_and_say_how_many_more() -> None:
    lines = annotations.render(sample_report()).splitlines()  # 19 failing, 2 warning checks
    assert _kinds(lines) == ["error"] * 10 + ["warning"] * 2 + ["notice"]
    assert lines[-1] == (
        "::notice title=campaign-check%3A more problems::9 more errors not shown as annotations "
        "(GitHub shows 10 of each kind per step): every problem is in the job summary and the "
        "reports"
    )


def test_annotations_cap_warnings_at_ten_too() -> None:
    report = sample_report()
    many = [CheckResult("http.latency", Status.WARN, f"slow {i}") for i in range(12)]
    report.campaigns[0].targets[0].checks += many  # summer: 1 + 12 warnings
    lines = annotations.render(report).splitlines()
    assert _kinds(lines).count("warning") == 10
    assert lines[-1].startswith(
        "::notice title=campaign-check%3A more problems::9 more errors, 4 more warnings not shown"
    )


def test_annotations_without_overflow_add_no_notice() -> None:
    report = sample_report()
    report.campaigns = [c for c in report.campaigns if c.campaign == "summer-2027"]
    assert _kinds(annotations.render(report).splitlines()) == ["warning"]


def test_annotations_carry_the_manifest_line_of_the_entry() -> None:
    lines = annotations.render(sample_report()).splitlines()
    gift = next(line for line in lines if "gift.acme.example" in line)
    assert gift.startswith("::error file=campaigns/holiday-2027.yaml,line=8,title=")
    crawl_found = next(line for line in lines if "page-0.html" in line)
    assert ",line=14," in crawl_found  # the microsite's entry


def test_annotations_without_a_known_line_keep_the_file_only() -> None:
    report = sample_report()
    report.campaigns[0].targets[0].line = None
    warning = annotations.render(report).splitlines()[-2]
    assert warning.startswith("::warning file=campaigns/summer-2027.yaml,title=")


def test_annotations_put_new_failures_first_and_recoveries_as_notices() -> None:
    previous = sample_report()
    report = sample_report()
    holiday = report.campaigns[1]
    holiday.targets.append(
        TargetResult(
            "https://late.acme.example/",
            "url",
            [CheckResult("dns.resolve", Status.FAIL, "NXDOMAIN")],
            line=20,
        )
    )
    spring_status = previous.campaigns[2].targets[0].checks[5]
    spring_status.status = Status.FAIL  # http.status failed before, passes now
    mark_changes(report, previous)
    lines = annotations.render(report).splitlines()
    assert lines[0].startswith("::error file=campaigns/holiday-2027.yaml,line=20,title=New%3A Noël")
    assert "late.acme.example" not in "".join(lines[1:])
    recovered = [line for line in lines if "title=Recovered" in line]
    assert recovered == [
        "::notice file=campaigns/spring-teaser.yaml,line=6,title=Recovered%3A "
        "Frühlings-Teaser ☀%3A http.status https%3A//acme.example/spring::200 OK"
    ]


def test_annotations_warning_has_file_line_title_and_message() -> None:
    lines = annotations.render(sample_report()).splitlines()
    warning = next(line for line in lines if "tls.expiry" in line)
    assert warning == (
        "::warning file=campaigns/summer-2027.yaml,line=9,title=Summer Sale 2027 — Été%3A "
        "tls.expiry https%3A//go.acme.example/s27?utm_source=billboard&utm_campaign=s27::"
        "certificate for go.acme.example ends 2027-07-15, before the flight ends 2027-08-31: "
        "renew it or shorten the flight"
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


def test_annotations_incomplete_report_warns_first() -> None:
    lines = annotations.render(sample_report(complete=False)).splitlines()
    assert lines[10] == (
        "::warning title=campaign-check::report incomplete: deadline of 60 s reached; "
        "7 checks skipped"
    )


def test_annotations_keep_recoveries_and_the_overflow_notice_within_ten_notices() -> None:
    report = sample_report()
    report.campaigns = [c for c in report.campaigns if c.campaign == "spring-teaser"]
    for check in report.campaigns[0].targets[0].checks:
        check.change = "recovered"  # 8 recovered here, 1 on the printed form below
    report.campaigns[0].targets[1].checks[0].change = "recovered"
    extra = [
        CheckResult(f"content.text.{i}", Status.PASS, "ok", change="recovered") for i in range(3)
    ]
    report.campaigns[0].targets[0].checks += extra  # 12 recoveries in all
    lines = annotations.render(report).splitlines()
    assert _kinds(lines) == ["notice"] * 10
    assert lines[-1].startswith(
        "::notice title=campaign-check%3A more problems::3 more recovered checks"
    )
