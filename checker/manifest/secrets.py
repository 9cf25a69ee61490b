"""`${VAR}` references in a manifest's `headers` and `auth`, read from the environment only."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from checker.manifest.load import key_name
from checker.manifest.model import Campaign, Microsite, UrlTarget

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

Where = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Unset:
    """A `${VAR}` the environment does not set, and where the manifest uses it."""

    variable: str
    file: str
    line: int
    key: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.key}: environment variable {self.variable} is not set"
        )


def secret_fields(spec: UrlTarget | Microsite, where: Where) -> Iterator[tuple[Where, str]]:
    """Every (key path, text) of an entry that may hold a `${VAR}`."""
    for name, value in spec.headers.items():
        yield (*where, "headers", name), value
    if spec.auth is not None:
        yield (*where, "auth", "user"), spec.auth.user
        yield (*where, "auth", "password"), spec.auth.password


def entries(campaign: Campaign) -> Iterator[tuple[Where, UrlTarget | Microsite]]:
    """Each url and microsite entry with its key path (`("urls", 0)`)."""
    for index, spec in enumerate(campaign.urls):
        yield ("urls", index), spec
    for index, site in enumerate(campaign.microsites):
        yield ("microsites", index), site


def unset_in(
    campaign: Campaign, spec: UrlTarget | Microsite, where: Where, environ: Mapping[str, str]
) -> list[Unset]:
    """The `${VAR}`s of one entry that `environ` does not set."""
    return [
        Unset(match.group(1), campaign.file, campaign.line_of(key), key_name(key))
        for key, text in secret_fields(spec, where)
        for match in VARIABLE.finditer(text)
        if match.group(1) not in environ
    ]


def unset_variables(campaign: Campaign, environ: Mapping[str, str]) -> list[Unset]:
    """Every `${VAR}` of the campaign that `environ` does not set."""
    return [
        u for where, spec in entries(campaign) for u in unset_in(campaign, spec, where, environ)
    ]


def used_variables(campaign: Campaign) -> list[str]:
    """Every variable name the manifest refers to, each once, in the order it uses them."""
    names = (
        match.group(1)
        for where, spec in entries(campaign)
        for _, text in secret_fields(spec, where)
        for match in VARIABLE.finditer(text)
    )
    return list(dict.fromkeys(names))


def substitute(text: str, environ: Mapping[str, str]) -> str:
    """`text` with each `${VAR}` replaced by its value (every variable must be set)."""
    return VARIABLE.sub(lambda m: environ[m.group(1)], text)
