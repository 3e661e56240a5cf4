"""Margin's core: reading, cleaning, sentences, suggestions, anchoring, the TOML store,
review and export. Nothing in this package imports textual."""
