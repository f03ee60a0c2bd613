"""The voice profiles and lexicons shipped with reader, installed as `reader.voices`."""
