"""Conversation insight: chat imports, the couple's dance over time, and the Gottman–Murray model.

Pure, except for reading the file being imported; long work reports progress through a callback.
"""
