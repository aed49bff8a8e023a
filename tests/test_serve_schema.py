"""A property-based run against the app's own OpenAPI schema: no request it allows, however
odd, may get a server error (5xx).  Each operation gets its own hypothesis run.

The runs are derandomised so a test run is repeatable; ``SERVE_SCHEMA_EXPLORE=1`` draws new
requests each time (``SERVE_SCHEMA_EXAMPLES`` sets how many per operation)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from serve_support import build_store, running

from newsgraph.api import ServerConfig, create_app


@pytest.mark.slow
def test_no_server_error(tmp_path) -> None:
    db = tmp_path / "schema.db"
    build_store(db, size=12)
    with running(create_app(ServerConfig(db=db))) as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=int(os.environ.get("SERVE_SCHEMA_EXAMPLES", "40")),
                derandomize=not os.environ.get("SERVE_SCHEMA_EXPLORE"),
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case) -> None:
                case.call_and_validate(checks=[not_a_server_error])

            call()
