"""Campaign manifests: YAML with line marks → validated models, or errors naming file:line:key."""
