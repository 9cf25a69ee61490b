"""The progress total is counted without expanding the targets, and agrees with expand."""

from __future__ import annotations

import pytest

from checker.manifest.model import Campaign
from checker.plan.targets import count_targets, expand

CAMPAIGNS = [
    {"urls": ["https://a.example/"]},
    {"urls": [{"url": "https://a.example/s", "printed": "a.example/s"}, "https://b.example/"]},
    {"microsites": ["https://site.example/"]},
    {
        "urls": [
            {"url": "https://a.example/1", "printed": "a.example/1"},
            {"url": "https://a.example/2", "printed": "a.example/2"},
        ],
        "microsites": ["https://site.example/", "https://other.example/"],
    },
]


@pytest.mark.parametrize("entries", CAMPAIGNS)
def test_count_targets_is_the_number_expand_makes(entries: dict[str, object]) -> None:
    campaign = Campaign.model_validate({"campaign": "c", "launch": "2030-01-01", **entries})
    assert count_targets(campaign) == len(expand(campaign))
