"""The full-screen reading room: a self-voicing Textual app over the session."""
