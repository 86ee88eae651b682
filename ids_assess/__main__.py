"""``python -m ids_assess``."""

from .entry import main

main()
