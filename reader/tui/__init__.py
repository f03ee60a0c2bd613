"""The full-screen reading room: a small Textual app, the reading screen that routes keys to
the reading controller, and widgets that show what it reports."""
