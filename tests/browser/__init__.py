"""Browser tests: the real app as ``nabij serve`` runs it, driven in Debian's Chromium."""
