"""The assessment engine: patterns, help criteria, safety and the next step. Pure."""

from nabij.engine.assessment import Assessment, assess

__all__ = ["Assessment", "assess"]
