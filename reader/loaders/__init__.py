"""Loaders: files, folders and stdin to reviews, one small module per input format."""

from reader.loaders.problems import LoadResult, Problem, Severity
from reader.loaders.registry import load_paths

__all__ = ["LoadResult", "Problem", "Severity", "load_paths"]
