"""Parsing raw reviews into documents: pure functions from text to sections."""
