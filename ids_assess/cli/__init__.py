"""The command line: the only layer that imports typer. One module per command, ``common`` for the rest."""
