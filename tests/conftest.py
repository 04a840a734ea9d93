"""Shared test setup: the hypothesis profiles."""

import os

from hypothesis import settings

# CI runs more examples; no deadline anywhere, since a 2-core CI machine has slow moments.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
