"""Watch the store: trends, alerts and situation reports."""
