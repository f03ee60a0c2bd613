"""reader: an accessible, offline text-to-speech reader for reviews."""

__version__ = "0.1.0"
