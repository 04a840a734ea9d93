"""nabij: a private companion for couples in crisis."""

__version__ = "0.1.0"
