"""The tests' own OpenID provider (tests/sso/provider.mjs, the npm package oidc-provider)
on 127.0.0.1, and a person signing in at it through its own sign-in form."""

import json
import socket
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "sso" / "provider.mjs"
CLIENT_ID = "serviceplans-test"
CLIENT_SECRET = "a-client-secret-for-tests-only"

# The people the provider knows, with the app roles Entra ID would send in "roles".
ACCOUNTS = {
    "officer@testshire.gov.uk": {"given_name": "Olive", "family_name": "Officer",
                                 "roles": ["ServicePlans.Officer"]},
    "manager@testshire.gov.uk": {"given_name": "Max", "family_name": "Manager",
                                 "roles": ["ServicePlans.Manager", "Another.App.Role"]},
    "unverified@testshire.gov.uk": {"email_verified": False, "roles": ["ServicePlans.Officer"]},
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def tamper_next_id_token(self, how: str) -> None:
        """Make the provider rewrite the ID token of its next token response."""
        response = requests.post(
            f"{self.issuer}/test/next-id-token", json={"tamper": how}, timeout=5
        )
        assert response.status_code == 204

    def sign_in(self, authorize_url: str, login: str) -> str:
        """Sign in at the provider's own form as `login`, from the app's redirect to the
        provider; returns the URL the provider sends the browser back to (the callback)."""
        session = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = session.get(url, allow_redirects=False, timeout=5)
            if response.status_code == 200:  # the provider's sign-in form
                assert 'name="login"' in response.text, response.text[:500]
                response = session.post(
                    url,
                    data={"prompt": "login", "login": login, "password": "any"},
                    allow_redirects=False,
                    timeout=5,
                )
            assert response.status_code in (302, 303), (response.status_code, response.text[:500])
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(self.issuer):
                return url
        raise AssertionError("The provider never sent the browser back")


@contextmanager
def running_provider(directory: Path, redirect_uris: list[str], *, issuer_host="127.0.0.1"):
    """Start the provider on a free port with one client, yield it, stop it."""
    port = free_port()
    issuer = f"http://{issuer_host}:{port}"
    config = directory / f"provider-{port}.json"
    config.write_text(
        json.dumps(
            {
                "issuer": issuer,
                "port": port,
                "clients": [
                    {
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "redirect_uris": redirect_uris,
                    }
                ],
                "accounts": ACCOUNTS,
            }
        )  # fmt: skip
    )
    process = subprocess.Popen(
        ["node", str(SCRIPT), str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    output = []

    def read():
        for line in process.stdout:
            output.append(line)
            if line.strip() == "ready":
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(20):
        process.kill()
        pytest.fail(
            "The local OpenID provider did not start (is `npm ci` done?):\n" + "".join(output),
            pytrace=False,
        )
    try:
        yield LocalProvider(issuer=issuer)
    finally:
        process.terminate()
        process.wait(10)
