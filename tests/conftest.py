import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The Vestfold demo data (partners, bodies, people, memberships, logins)."""
    call_command("demo", stdout=io.StringIO())


def pytest_configure(config):
    # Fast password hashing for the suite; set before the first hash is made.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
