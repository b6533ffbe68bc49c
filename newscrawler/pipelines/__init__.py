"""Item pipelines, in order: extract -> clean -> dedupe -> store. Each can be switched off in settings."""
