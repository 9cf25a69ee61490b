"""Manifest problems a user can act on: each names the file, the line, the column and the key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ManifestIssue:
    """One problem in one manifest file."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    key: str  # dotted path such as `urls[2].expect.status`, or "" for the file itself
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        what = f"{self.key}: {self.message}" if self.key else self.message
        return f"{where}: {what}"


class ManifestError(Exception):
    """Raised when one or more manifests are invalid; carries every issue found."""

    def __init__(self, issues: list[ManifestIssue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.file, i.line, i.column, i.key))
        super().__init__("\n".join(str(i) for i in self.issues))
