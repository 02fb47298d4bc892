"""``rasid serve``: the dashboard and its REST API over the store, with review."""
