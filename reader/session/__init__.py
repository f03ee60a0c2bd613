"""The session: the one place that holds reading state and drives speech."""
