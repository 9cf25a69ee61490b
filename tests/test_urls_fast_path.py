"""`Joiner` skips normalising references whose join is already normal: for any reference,
it must give exactly what `resolve_parts` (which normalises) gives."""

from __future__ import annotations

import random

import pytest

from checker.net.urls import Joiner, resolve_parts

BASES = [
    "https://ex.com/",
    "https://ex.com/dir/page.html?q=1",
    "http://EX.com:80/a/b/",
    "https://[::1]:8443/x",
]
ANY = "abz09/.-_~:@!$&'()*+,;=?%#[]|^`{}\\\"<> \t\né"
NORMAL = "abz09/.-_~:@!$&'()*+,;=?[]|"  # what the fast path accepts, dots and colons included
SEEDS = ["/p/1", "p/1", "/a?b=c:d", "a:b", "/./x", "x/../y", "//host/x", "?q", "/p'q", "/%7e"]


@pytest.mark.parametrize("base", BASES)
def test_the_fast_path_agrees_with_normalising(base: str) -> None:
    rng = random.Random(base)
    refs = list(SEEDS)
    for alphabet in (ANY, NORMAL):
        refs += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(5000)]
    join = Joiner(base)
    assert sum(join.fast(ref) is not None for ref in refs) > 1000  # dots and colons included
    for ref in refs:
        assert join(ref) == resolve_parts(base, ref), ref
        assert join.fast(ref) in (None, resolve_parts(base, ref)), ref
