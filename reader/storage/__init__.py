"""Saved state: settings, places, the queue, and the files that hold them, written safely."""
