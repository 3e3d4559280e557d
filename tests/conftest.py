"""Fixtures that several test files share."""

import pytest

from lossdocs import verdicts


@pytest.fixture(scope="session")
def measured():
    """The experiments the verdicts read, at their defaults, run once per test process."""
    return verdicts.Measurements()
