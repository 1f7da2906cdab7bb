"""boto3 itself as the client of /personalize/, against pytest-django's live server."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from personalize.services import access_key_create

REGION = "eu-west-1"
ACCOUNT = "123456789012"


def arn(kind: str, name: str) -> str:
    return f"arn:aws:personalize:{REGION}:{ACCOUNT}:{kind}/{name}"


@pytest.fixture
def access_key(transactional_db):
    return access_key_create(name="tests")


def _client(service: str, live_server, key_id: str, secret: str):
    return boto3.client(
        service,
        endpoint_url=f"{live_server.url}/personalize",
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        # One attempt: a refusal must surface as the test's ClientError, not be retried.
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


@pytest.fixture
def runtime(live_server, access_key):
    return _client("personalize-runtime", live_server, access_key.access_key.access_key_id, access_key.secret)


@pytest.fixture
def events(live_server, access_key):
    return _client("personalize-events", live_server, access_key.access_key.access_key_id, access_key.secret)


@pytest.fixture
def client_with(live_server):
    """A client of ``service`` signing with any key pair (a wrong secret, an unknown key)."""

    def make(service: str, key_id: str, secret: str):
        return _client(service, live_server, key_id, secret)

    return make


@pytest.fixture
def signed_post(live_server, access_key):
    """POST raw bytes signed as boto3 signs them: for bodies boto3 itself would refuse to send
    (wrong types, malformed JSON), or a signature tampered with after signing."""
    import urllib.error
    import urllib.request

    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    def post(path: str, body: bytes, *, sign_body: bytes | None = None, headers: dict | None = None, sign=True):
        url = f"{live_server.url}/personalize/{path}"
        request = AWSRequest(
            method="POST",
            url=url,
            data=body if sign_body is None else sign_body,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        if sign:
            credentials = Credentials(access_key.access_key.access_key_id, access_key.secret)
            SigV4Auth(credentials, "personalize", REGION).add_auth(request)
        # The live server's http URL, never a file: or custom scheme.
        sent = urllib.request.Request(url, data=body, method="POST", headers=dict(request.headers.items()))  # noqa: S310
        try:
            with urllib.request.urlopen(sent, timeout=30) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    return post
