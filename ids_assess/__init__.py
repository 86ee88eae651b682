"""ids-assess: readiness for interagency government data sharing, measured from the research."""

__version__ = "0.1.0"
