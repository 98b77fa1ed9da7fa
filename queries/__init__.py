"""Named queries over the warehouse: one SQL file per question, run through `runner.run_query`."""

from queries.runner import declared_params, list_queries, run_query

__all__ = ["declared_params", "list_queries", "run_query"]
