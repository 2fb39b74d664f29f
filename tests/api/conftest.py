"""The matrix's world (tests/test_permissions.py), shared by the API's tests."""

from tests.test_permissions import (  # noqa: F401 - fixtures
    clients,
    objects,
    small_pdf,
    tilgang_world,
)
