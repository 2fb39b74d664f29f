"""A small OpenID Connect provider for the tests, run as a process of its own on 127.0.0.1:

    python tests/support/oidc_provider.py --client-id ID --client-secret SECRET

It prints the port it listens on (a free one) as its first line, then serves until it is
terminated. The authorization code flow as a real provider runs it, with an RSA key made at
start-up (PyJWT and cryptography, which mozilla-django-oidc itself needs):

* ``GET /authorize``: checks the client, the redirect URI, the scope and the PKCE challenge, then
  sends the browser straight back to the redirect URI with a one-time code and the state (or
  with ``error=access_denied``): the «person» is whoever the test said logs in next.
* ``POST /token``: the code (once, for the same redirect URI, client and PKCE verifier) for an
  access token and an ID token signed RS256 with the nonce, ``email`` and ``email_verified``.
* ``GET /userinfo``: the claims for the bearer of the access token.
* ``GET /jwks``: the public key.

The test steers it through ``POST /control/login`` with a JSON body: ``claims`` (who logs in
next: ``sub``, ``email``, ``email_verified`` …), optionally ``userinfo`` (claims the user info
endpoint says instead), ``error`` (refuse at /authorize with that error) and ``forge`` (sign the
ID token with another key than the published one). ``GET /control/log`` lists the token
requests it answered (the form each posted), so a test can see what the portal sent.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "test-nokkel-1"


class Provider:
    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.lock = threading.Lock()
        self.next_login: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.log: list[dict[str, str]] = []
        self.issuer = ""

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the tests read no logs
        pass

    # Replies

    def _send(self, status: int, body: bytes, content_type: str, headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", [("Location", location)])

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

    # Routes

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        provider = self.server.provider
        if url.path == "/authorize":
            self._authorize(query)
        elif url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            with provider.lock:
                claims = provider.tokens.get(token)
            if claims is None:
                self._json(401, {"error": "invalid_token"})
            else:
                self._json(200, claims)
        elif url.path == "/jwks":
            self._json(200, provider.jwks())
        elif url.path == "/control/log":
            with provider.lock:
                self._json(200, list(provider.log))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        provider = self.server.provider
        if self.path == "/token":
            self._token(self._form())
        elif self.path == "/control/login":
            length = int(self.headers.get("Content-Length") or 0)
            with provider.lock:
                provider.next_login = json.loads(self.rfile.read(length) or b"{}")
                provider.log.clear()
            self._json(200, {"ok": True})
        else:
            self._json(404, {"error": "not_found"})

    def _authorize(self, query: dict[str, str]) -> None:
        provider = self.server.provider
        redirect_uri = query.get("redirect_uri", "")
        problems = []
        if query.get("client_id") != provider.client_id:
            problems.append("unknown client_id")
        if query.get("response_type") != "code":
            problems.append("response_type must be code")
        if "openid" not in query.get("scope", "").split():
            problems.append("scope must include openid")
        if not redirect_uri.startswith(
            ("http://127.0.0.1", "http://localhost", "http://testserver")
        ):
            problems.append("redirect_uri not registered")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            problems.append("PKCE (S256) required")
        if problems:
            self._send(400, "; ".join(problems).encode(), "text/plain")
            return
        with provider.lock:
            login = dict(provider.next_login)
        back = {"state": query.get("state", "")}
        if login.get("error") or not login.get("claims"):
            back["error"] = login.get("error") or "login_required"
        else:
            code = secrets.token_urlsafe(24)
            with provider.lock:
                provider.codes[code] = {
                    "login": login,
                    "nonce": query.get("nonce"),
                    "redirect_uri": redirect_uri,
                    "code_challenge": query["code_challenge"],
                }
            back["code"] = code
        separator = "&" if "?" in redirect_uri else "?"
        self._redirect(redirect_uri + separator + urlencode(back))

    def _token(self, form: dict[str, str]) -> None:
        provider = self.server.provider
        with provider.lock:
            provider.log.append(form)
            grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
        if (form.get("client_id"), form.get("client_secret")) != (
            provider.client_id,
            provider.client_secret,
        ):
            self._json(401, {"error": "invalid_client"})
            return
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
            or _s256(form.get("code_verifier", "")) != grant["code_challenge"]
        ):
            self._json(400, {"error": "invalid_grant"})
            return
        login = grant["login"]
        claims = dict(login["claims"])
        now = int(time.time())
        id_claims = {
            "iss": provider.issuer,
            "aud": provider.client_id,
            "iat": now,
            "exp": now + 300,
            **claims,
        }
        if grant["nonce"] is not None:
            id_claims["nonce"] = grant["nonce"]
        key = provider.other_key if login.get("forge") else provider.key
        id_token = jwt.encode(id_claims, key, algorithm="RS256", headers={"kid": KID})
        access_token = secrets.token_urlsafe(24)
        with provider.lock:
            provider.tokens[access_token] = {**claims, **login.get("userinfo", {})}
        self._json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, provider: Provider) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.provider = provider
        provider.issuer = f"http://127.0.0.1:{self.server_address[1]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    args = parser.parse_args(argv)
    server = Server(Provider(args.client_id, args.client_secret))
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
