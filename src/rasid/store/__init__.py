"""The event store: articles, events, clusters and failures in SQLite or PostgreSQL."""
