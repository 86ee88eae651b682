"""Readiness reports: the view model per report section, the Jinja environment, charts and file names."""
