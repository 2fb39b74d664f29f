import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The Vestfold demo data (partners, bodies, people, memberships, logins)."""
    call_command("demo", stdout=io.StringIO())
