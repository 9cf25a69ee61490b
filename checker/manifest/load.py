"""Find manifest files, read them safely, validate them, and report every problem at once."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from checker.manifest import yamlpos
from checker.manifest.errors import ManifestError, ManifestIssue
from checker.manifest.model import SLUG, Campaign, _got, normalize_url

MAX_BYTES = 1_000_000
SUFFIXES = (".yaml", ".yml")


def find_manifests(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (recursively) into manifest files, in a stable order."""
    found: list[Path] = []
    problems: list[ManifestIssue] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(ManifestIssue(str(raw), 0, 0, "", "no such file or folder"))
    if problems:
        raise ManifestError(problems)
    seen: set[Path] = set()
    unique = []
    for path in found:  # `campaigns/` and `campaigns/x.yaml` together name x.yaml once
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    if not unique:
        where = ", ".join(str(p) for p in paths)
        raise ManifestError([ManifestIssue(where, 0, 0, "", "no *.yaml or *.yml manifest found")])
    return unique


def key_name(path: tuple[str | int, ...]) -> str:
    """`("urls", 2, "expect", "status")` → `urls[2].expect.status`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _model_at(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `path` (for "did you mean")."""
    current: Any = Campaign
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _unwrap(arg)
        if inner is not None:
            return inner
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union, tuple, list):
        return None
    return annotation


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        parent = _model_at(tuple(error["loc"][:-1]))
        known = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(error["loc"][-1]), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return f"unknown key ({hint})"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    text = {
        "bool_type": "must be true or false",
        "int_type": "must be a whole number",
        "float_type": "must be a number",
        "string_type": "must be text",
        "dict_type": "must be a mapping of keys to values",
        "model_type": "must be a mapping of keys to values",
        "tuple_type": "must be a list",
    }.get(kind, error["msg"][0].lower() + error["msg"][1:])
    return f"{text} ({_got(error.get('input'))})"


def _issues_from(
    exc: ValidationError, file: str, positions: yamlpos.Positions
) -> list[ManifestIssue]:
    issues = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if isinstance(p, int) or not p.startswith("function-"))
        line, column = positions.of(loc, key=error["type"] == "extra_forbidden")
        issues.append(ManifestIssue(file, line, column, key_name(loc), _message(error)))
    return issues


def _read_text(path: Path, file: str) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ManifestError(
            [ManifestIssue(file, 0, 0, "", f"file is {size:,} bytes; manifests over 1 MB refused")]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start]
        column = len(before.decode("utf-8", errors="replace")) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise ManifestError([ManifestIssue(file, line, column, "", message)]) from None


def _duplicate_targets(
    data: dict[str, Any], file: str, positions: yamlpos.Positions
) -> list[ManifestIssue]:
    """URLs listed twice in one manifest, judged on the raw data so that this is reported
    alongside every other problem (entries whose URL is itself invalid are skipped)."""
    issues: list[ManifestIssue] = []
    seen: dict[str, str] = {}
    for section in ("urls", "microsites"):
        entries = data.get(section)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            raw = entry.get("url") if isinstance(entry, dict) else entry
            try:
                url = normalize_url(raw)
            except ValueError:
                continue
            key = key_name((section, index))
            if url in seen:
                line, column = positions.of((section, index))
                message = f"{url} is listed twice (also {seen[url]})"
                issues.append(ManifestIssue(file, line, column, key, message))
            else:
                seen[url] = key
    return issues


_Slug = tuple[str, int, int]


def _load(path: Path, name: str) -> tuple[Campaign | None, _Slug | None, list[ManifestIssue]]:
    """Validate one manifest: the campaign (None when invalid), its slug and the slug's
    position (when the slug itself is usable, even if the rest of the file is not), and
    every issue found. Raises :class:`ManifestError` only when the file cannot be read."""
    text = _read_text(path, name)
    try:
        data, positions, problems = yamlpos.load(text)
    except yamlpos.YamlProblem as exc:
        raise ManifestError([ManifestIssue(name, exc.line, exc.column, "", exc.message)]) from None
    issues = [ManifestIssue(name, p.line, p.column, key_name(p.key), p.message) for p in problems]
    if not isinstance(data, dict):
        message = "must be a mapping with at least `campaign:` and `launch:`"
        return None, None, [*issues, ManifestIssue(name, 1, 1, "", message)]
    issues += _duplicate_targets(data, name, positions)
    slug, mark = data.get("campaign"), positions.of(("campaign",))
    slug_at = (slug, *mark) if isinstance(slug, str) and SLUG.match(slug) else None
    try:
        campaign = Campaign.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as exc:
        return None, slug_at, issues + _issues_from(exc, name, positions)
    if not campaign.urls and not campaign.microsites:
        line, column = positions.of(("urls",), key=True)
        message = "nothing to check: give at least one entry in `urls` or `microsites`"
        issues.append(ManifestIssue(name, line, column, "urls", message))
    campaign._file = name
    campaign._slug_mark = mark
    marks = {**positions.values, **positions.keys}  # a key's own line where it has one
    campaign._lines = {key: line for key, (line, _) in marks.items()}
    return (None if issues else campaign), slug_at, issues


def load_file(path: Path, file: str | None = None) -> Campaign:
    """Read and validate one manifest; raise :class:`ManifestError` with every issue in it."""
    campaign, _, issues = _load(path, file or str(path))
    if campaign is None:
        raise ManifestError(issues)
    return campaign


def load_campaigns(paths: Iterable[str | Path]) -> list[Campaign]:
    """Load every manifest under `paths`; raise one :class:`ManifestError` listing all issues.

    A campaign slug used by two files is reported on the second one, naming the first,
    whether or not either file has other problems."""
    campaigns: list[Campaign] = []
    issues: list[ManifestIssue] = []
    first_file: dict[str, str] = {}
    for path in find_manifests(paths):
        try:
            campaign, slug_at, found = _load(path, str(path))
        except ManifestError as exc:
            issues.extend(exc.issues)
            continue
        except OSError as exc:
            issues.append(ManifestIssue(str(path), 0, 0, "", f"cannot read: {exc.strerror}"))
            continue
        issues.extend(found)
        if slug_at is not None:
            slug, line, column = slug_at
            if slug in first_file:
                message = f"campaign slug '{slug}' is also used by {first_file[slug]}"
                issues.append(ManifestIssue(str(path), line, column, "campaign", message))
                continue
            first_file[slug] = str(path)
        if campaign is not None:
            campaigns.append(campaign)
    if issues:
        raise ManifestError(issues)
    return campaigns
