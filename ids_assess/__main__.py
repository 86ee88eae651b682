"""``python -m ids_assess``."""

from ids_assess.entry import main

main()
