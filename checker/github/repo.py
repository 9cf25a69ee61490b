"""What `init --github` learns from git: the repository root, where its GitHub Pages
site will be, its default branch, and the commit a release tag of the action names.

Every question goes to the `git` command with a time limit and no prompt; a question git
cannot answer (no git, no repository, no remote, offline) is `None`, never an error.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 20.0  # seconds; `ls-remote` goes over the network
_GITHUB_REMOTE = re.compile(
    r"^(?:https://(?:[^@/]+@)?github\.com/|ssh://git@github\.com/|git@github\.com:)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)
_SHA = re.compile(r"^[0-9a-f]{40}$")


def git(*args: str, cwd: Path | None = None) -> str | None:
    """`git ARGS` output without the final newline, or `None` if git failed or is missing."""
    env = os.environ | {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": ""}
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def repository_root(cwd: Path) -> Path | None:
    """The top folder of the git work tree `cwd` is in."""
    top = git("rev-parse", "--show-toplevel", cwd=cwd)
    return Path(top) if top else None


@dataclass(frozen=True, slots=True)
class GitHubRepository:
    """A repository on github.com, as `owner/name`."""

    owner: str
    name: str

    @classmethod
    def from_remote(cls, url: str) -> GitHubRepository | None:
        """The repository a github.com remote URL (https, ssh or scp-like) points at."""
        match = _GITHUB_REMOTE.match(url.strip())
        return cls(match["owner"], match["name"]) if match else None

    @property
    def pages_url(self) -> str:
        """The repository's GitHub Pages address (without a custom domain), ending in `/`."""
        host = f"{self.owner.lower()}.github.io"
        return f"https://{host}/" if self.name.lower() == host else f"https://{host}/{self.name}/"


def origin_repository(cwd: Path) -> GitHubRepository | None:
    """The GitHub repository of the `origin` remote."""
    url = git("remote", "get-url", "origin", cwd=cwd)
    return GitHubRepository.from_remote(url) if url else None


def default_branch(cwd: Path) -> str | None:
    """The branch `origin/HEAD` names, else the branch checked out."""
    remote_head = git("symbolic-ref", "--short", "refs/remotes/origin/HEAD", cwd=cwd)
    if remote_head and remote_head.startswith("origin/"):
        return remote_head.removeprefix("origin/")
    return git("branch", "--show-current", cwd=cwd) or None


def tag_commit(url: str, tag: str) -> str | None:
    """The commit that `tag` of the remote repository `url` points at (an annotated tag
    is followed to its commit)."""
    listing = git("ls-remote", "--tags", url, f"refs/tags/{tag}", f"refs/tags/{tag}^{{}}")
    if not listing:
        return None
    refs: dict[str, str] = {}
    for line in listing.splitlines():
        object_id, _, ref = line.partition("\t")
        refs[ref] = object_id
    commit = refs.get(f"refs/tags/{tag}^{{}}") or refs.get(f"refs/tags/{tag}")
    return commit if commit and _SHA.match(commit) else None
