"""Rasid: news reports about armed conflict in, evidence-linked event data out."""

__version__ = "0.1.0"
