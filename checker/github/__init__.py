"""`campaign-check github-issues`: one GitHub issue per campaign that is not ready, kept in step.

`rest` talks to the REST API, `issues` decides (from a report alone) what each campaign's
issue should say, `sync` applies that, and `command` is the CLI entry point.
"""
