"""Spoken reviews as audiobook files: formats, chapters, tags and the encoding sink."""
