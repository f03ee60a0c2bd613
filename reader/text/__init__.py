"""Text utilities shared by loaders, parser and speech: words, sentences, cleaning, decoding."""
