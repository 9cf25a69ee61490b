"""The campaign manifest as typed models (CONTRACT.md, "Manifest").

Validation messages are written for the person editing the YAML: they say what
is expected and what was found. Dates are read in the manifest's `timezone`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from checker.net.urls import normalize, split_fragment
from checker.plan import settings as defaults

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHITESPACE = re.compile(r"\s")  # what str.isspace() calls whitespace, in one C loop


def _got(value: Any) -> str:
    """What the user wrote, as they wrote it in YAML: `got "ok"`, `got 3`, `got nothing`."""
    if value is None:
        return "got nothing"
    if isinstance(value, bool):
        return f"got {str(value).lower()}"
    return f'got "{value}"' if isinstance(value, str) else f"got {value!r}"


def normalize_url(value: Any) -> str:
    """Validate an http(s) URL and return it in :func:`checker.net.urls.normalize` form.

    That is RFC 3986 normalisation: punycode host, no default port, dot segments
    removed, escapes of unreserved characters decoded and others upper-cased; an
    escaped reserved character such as ``%2F`` stays escaped. The fragment is kept.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be an http:// or https:// URL ({_got(value)})")
    return _normalize_text(value)


@lru_cache(maxsize=4096)  # a manifest's URLs are read twice: for duplicates, then validated
def _normalize_text(value: str) -> str:
    text = value.strip()
    if _WHITESPACE.search(text):
        raise ValueError(f"must not contain spaces ({_got(value)})")
    try:
        url = urlsplit(text)
        _ = url.port  # raises for a port that is not a number in range
    except ValueError as exc:
        raise ValueError(f"is not a valid URL: {exc} ({_got(value)})") from None
    if url.scheme.lower() not in ("http", "https"):
        raise ValueError(f"must be an http:// or https:// URL ({_got(value)})")
    host = url.hostname
    if not host or "%" in host or not _SCHEME.match(text):
        raise ValueError(f"must be an absolute URL with a host ({_got(value)})")
    if "xn--" in host.lower():  # an A-label must decode (IDNA 2008)
        import idna

        try:
            idna.decode(host)
        except idna.IDNAError as exc:
            raise ValueError(f"is not a valid URL: {exc} ({_got(value)})") from None
    without, fragment = split_fragment(text)
    try:
        canonical = normalize(without)  # the crawler's normal form: one resource, one string
    except ValueError as exc:
        raise ValueError(f"is not a valid URL: {exc} ({_got(value)})") from None
    return canonical if fragment is None else f"{canonical}#{fragment}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _status_list(value: Any) -> tuple[int, ...]:
    items = value if isinstance(value, list) else [value]
    ok = items and all(
        isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599 for v in items
    )
    if not ok:
        raise ValueError(f"must be an integer 100-599 or a list of them ({_got(value)})")
    return tuple(items)


class Expect(_Strict):
    """What the page at the end of the redirects must look like."""

    status: tuple[int, ...] = (200,)
    final_url: str | None = None
    keep_query: bool = True
    contains: tuple[str, ...] = ()
    title: str | None = None
    indexable: bool = True
    share: bool = False  # true: og:title and og:image must be present

    _status = field_validator("status", mode="before")(_status_list)

    @field_validator("final_url", mode="before")
    @classmethod
    def _final_url(cls, value: Any) -> Any:
        return None if value is None else normalize_url(value)

    @field_validator("contains", mode="before")
    @classmethod
    def _contains(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise ValueError(f"must be a text or a list of texts ({_got(value)})")
        return tuple(items)


class Auth(_Strict):
    """HTTP basic credentials; `${VAR}` is read from the environment at check time."""

    user: str
    password: str


class Settings(_Strict):
    """Per-request settings; in `defaults` they apply to every url and microsite."""

    timeout: Annotated[float, Field(gt=0, le=300)] | None = None
    max_redirects: Annotated[int, Field(ge=0, le=50)] | None = None
    response_time_ms: Annotated[int, Field(gt=0)] | None = None
    cert_min_days: Annotated[int, Field(ge=0, le=3650)] | None = None
    cert_cover_flight: bool | None = None
    domain_min_days: Annotated[int, Field(ge=0, le=3650)] | None = None
    exclude: tuple[str, ...] = ()

    @field_validator("exclude", mode="before")
    @classmethod
    def _exclude(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError(f"must be a list of regular expressions ({_got(value)})")
        for item in items:
            if not isinstance(item, str):
                raise ValueError(f"must be a list of regular expressions ({_got(item)})")
            try:
                re.compile(item)
            except re.error as exc:
                raise ValueError(f"{item!r} is not a valid regular expression: {exc}") from None
        return tuple(items)


class _Target(Settings):
    url: str
    expect: Expect = Expect()
    headers: dict[str, str] = Field(default_factory=dict)
    auth: Auth | None = None

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, value: Any) -> Any:
        return normalize_url(value)


class UrlTarget(_Target):
    """A landing page, vanity link or QR target (short form: just the URL)."""

    printed: str | None = None
    qr: Path | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value

    @field_validator("printed", mode="before")
    @classmethod
    def _printed(cls, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip() or " " in value.strip():
            raise ValueError(f"must be the URL exactly as printed, without spaces ({_got(value)})")
        if _SCHEME.match(value.strip()):
            raise ValueError(
                f"must be written without a scheme, as printed (e.g. go.acme.example/s27; "
                f"{_got(value)}); both http:// and https:// are tried"
            )
        return value.strip()

    @field_validator("qr", mode="before")
    @classmethod
    def _qr(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str) or not value:
            raise ValueError(f"must be the path of an image file ({_got(value)})")
        base = Path((info.context or {}).get("base_dir", "."))
        path = (base / value).resolve()
        if not path.is_file():
            raise ValueError(f'image "{value}" not found (looked for {path})')
        return path


class Microsite(_Target):
    """A whole site: the start page is checked like a url, then the site is crawled."""

    max_pages: Annotated[int, Field(ge=1, le=100_000)] = defaults.MAX_PAGES
    max_depth: Annotated[int, Field(ge=0, le=100)] = defaults.MAX_DEPTH
    external: bool = True

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


def _parse_moment(value: Any, zone: ZoneInfo) -> datetime:
    if isinstance(value, date):  # only from an explicit `!!timestamp` tag
        value = value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE_ONLY.match(text):
                return datetime.combine(date.fromisoformat(text), time(), zone)
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"is not a valid date: {exc} ({_got(value)})") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    raise ValueError(
        "must be a date (2027-06-01) or an ISO datetime (2027-06-01T09:00:00-04:00) "
        f"({_got(value)})"
    )


class Campaign(_Strict):
    """One campaign manifest."""

    campaign: str
    name: str | None = None
    owner: str | None = None
    timezone: str = "UTC"
    launch: datetime
    ends: datetime | None = None
    defaults: Settings = Settings()
    urls: tuple[UrlTarget, ...] = ()
    microsites: tuple[Microsite, ...] = ()
    _file: str = PrivateAttr(default="")
    _slug_mark: tuple[int, int] = PrivateAttr(default=(1, 1))
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator("campaign", mode="before")
    @classmethod
    def _slug(cls, value: Any) -> Any:
        if not isinstance(value, str) or not SLUG.match(value):
            raise ValueError(
                f"must be a slug: lowercase letters, digits and '-', e.g. summer-2027 "
                f"({_got(value)})"
            )
        return value

    @field_validator("timezone", mode="before")
    @classmethod
    def _zone(cls, value: Any) -> Any:
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone ({_got(value)}); use an IANA name such as Europe/Paris"
            ) from None
        return value

    @field_validator("launch", "ends", mode="before")
    @classmethod
    def _moment(cls, value: Any, info: ValidationInfo) -> Any:
        moment = _parse_moment(value, ZoneInfo(info.data.get("timezone", "UTC")))
        launch = info.data.get("launch")
        if info.field_name == "ends" and launch is not None and moment < launch:
            raise ValueError(f"is before launch ({launch.isoformat()}; {_got(value)})")
        return moment

    @field_validator("urls", "microsites", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValueError(f"must be a list ({_got(value)})")
        return tuple(value)

    def line_of(self, key: tuple[str | int, ...]) -> int:
        """Line of `key` (e.g. `("urls", 0, "auth")`) or of its nearest marked parent; 0 unknown."""
        for end in range(len(key), -1, -1):
            if (line := self._lines.get(key[:end])) is not None:
                return line
        return 0

    @property
    def flight_end(self) -> datetime:
        """`ends`, or `launch` when the manifest gives no end."""
        return self.ends or self.launch

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file(self) -> str:
        """The manifest path as found from the command line."""
        return self._file
