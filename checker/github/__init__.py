"""GitHub integration: the action's steps, the workflow `init --github` writes, and
`campaign-check github-issues` (one issue per campaign that is not ready, kept in step).

For the issues, `rest` talks to the REST API, `issues` decides (from a report alone) what
each campaign's issue should say, `sync` applies that, and `command` is the CLI entry point.
"""
