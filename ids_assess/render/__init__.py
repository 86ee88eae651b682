"""Renderers: each takes computed results and returns text; none opens files or prints."""
