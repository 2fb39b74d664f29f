"""The local OpenID Connect provider (tests/support/oidc_provider.py) as a process the tests
start, and the portal's settings that point at it.

``provider.login_as(claims)`` says who logs in next at the provider; ``provider.configure(
settings)`` turns single sign-on on in the portal (as the environment variables would) for
that provider."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent / "oidc_provider.py"
CLIENT_ID = "moteportalen-test"
CLIENT_SECRET = "hemmelig-klientnokkel"


class OidcProvider:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(SCRIPT),
                "--client-id",
                CLIENT_ID,
                "--client-secret",
                CLIENT_SECRET,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.isdigit():
            self.process.kill()
            raise RuntimeError(f"the OIDC provider did not start (said {line!r})")
        self.url = f"http://127.0.0.1:{line}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _post(self, path: str, data: dict[str, Any]) -> None:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def login_as(
        self,
        claims: dict[str, Any] | None,
        *,
        userinfo: dict[str, Any] | None = None,
        error: str = "",
        forge: bool = False,
    ) -> None:
        """Who logs in next (their claims), what the user info endpoint says instead, an error
        the provider answers with instead of a code, or an ID token signed with a key the
        provider does not publish."""
        self._post(
            "/control/login",
            {"claims": claims, "userinfo": userinfo or {}, "error": error, "forge": forge},
        )

    def token_requests(self) -> list[dict[str, str]]:
        """The forms the portal posted to the token endpoint since the last ``login_as``."""
        with urllib.request.urlopen(self.url + "/control/log", timeout=10) as response:
            return json.loads(response.read())

    def authorize(self, url: str) -> str:
        """What the provider answers a browser sent to ``url`` (its /authorize): the address it
        sends the browser back to, with the code and state (or the error)."""
        assert url.startswith(self.url + "/authorize?"), url

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(url, timeout=10)
        except urllib.error.HTTPError as exc:
            if exc.code == 302:
                return exc.headers["Location"]
            raise AssertionError(f"the provider answered {exc.code}: {exc.read()!r}") from exc
        raise AssertionError("the provider did not redirect back")

    def configure(self, settings: Any, *, navn: str = "virksomhetens konto") -> None:
        """Single sign-on on, against this provider (pytest-django's ``settings``), as
        helsefellesskap/settings.py sets it from the environment."""
        settings.OIDC_AKTIV = True
        settings.OIDC_NAVN = navn
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = self.url + "/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = self.url + "/token"
        settings.OIDC_OP_USER_ENDPOINT = self.url + "/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = self.url + "/jwks"
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        backends = list(settings.AUTHENTICATION_BACKENDS)
        if settings.OIDC_BACKEND not in backends:
            backends.insert(
                backends.index("helsefellesskap.backends.Users") + 1, settings.OIDC_BACKEND
            )
        settings.AUTHENTICATION_BACKENDS = backends
