"""One module per non-interactive ``margin`` command. None of them imports textual."""
