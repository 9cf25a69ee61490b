"""Launch checks: one folder per family (`probe.py` gathers its facts, `judge.py` judges
them), registered in `registry`; `suite` finds every family and runs them."""
