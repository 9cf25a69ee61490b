"""GitHub integration: the action's steps and the workflow `init --github` writes."""
