"""Plain mode: the review as plain lines, driven by typed commands, for screen readers and
braille displays (`reader --plain`)."""
