"""Automated process walkthroughs of a telecom carrier's products, channel by channel."""

__version__ = "0.1.0"
