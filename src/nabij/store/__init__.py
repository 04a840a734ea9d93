"""Persistence: the database, migrations, accounts and sessions, and the seam for private text."""
