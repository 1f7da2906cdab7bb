"""The verifier against botocore's own signer: what boto3 signs, it accepts; anything changed, it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from personalize import sigv4

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
URL = "http://shop.example:8000/personalize/recommendations?b=2&a=1"


SECRET = "s3cret"


def _signed(body: bytes = b'{"a": 1}', *, secret: str = SECRET, at: datetime = NOW, service: str = "personalize"):
    request = AWSRequest(method="POST", url=URL, data=body, headers={"Content-Type": "application/json"})
    with mock.patch("botocore.auth.get_current_datetime", return_value=at):
        SigV4Auth(Credentials("AKIATEST", secret), service, "eu-west-1").add_auth(request)
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers["host"] = "shop.example:8000"
    return headers


def _verify(headers: dict, body: bytes = b'{"a": 1}', *, now: datetime = NOW, path="/personalize/recommendations"):
    return sigv4.request_verify(
        method="POST",
        path=path,
        query_string="b=2&a=1",
        header=lambda name: headers.get(name.lower()),
        body=body,
        secret_of={"AKIATEST": SECRET}.get,
        now=now,
    )


def test_accepts_what_botocore_signs():
    auth = _verify(_signed())
    assert (auth.access_key_id, auth.region, auth.service) == ("AKIATEST", "eu-west-1", "personalize")
    assert "host" in auth.signed_headers and "x-amz-date" in auth.signed_headers


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda h: h.pop("authorization"), "MissingAuthenticationTokenException"),
        (lambda h: h.update(authorization="Bearer x"), "IncompleteSignatureException"),
        (
            lambda h: h.update(authorization=h["authorization"].replace("AKIATEST", "AKIAOTHER")),
            "UnrecognizedClientException",
        ),
        (lambda h: h.update(host="evil.example"), "InvalidSignatureException"),
        (lambda h: h.update({"content-type": "text/plain"}), "InvalidSignatureException"),
        (lambda h: h.pop("x-amz-date"), "IncompleteSignatureException"),
        (lambda h: h.update({"x-amz-date": "20260301T120001Z"}), "InvalidSignatureException"),
        (lambda h: h.update({"x-amz-date": "yesterday"}), "IncompleteSignatureException"),
        (lambda h: h.update({"x-amz-content-sha256": "0" * 64}), "InvalidSignatureException"),
    ],
)
def test_refuses_a_changed_request(change, code):
    headers = _signed()
    change(headers)
    with pytest.raises(sigv4.SignatureError) as caught:
        _verify(headers)
    assert caught.value.code == code


def test_refuses_a_changed_body_path_or_secret():
    with pytest.raises(sigv4.SignatureError, match="does not match"):
        _verify(_signed(), body=b'{"a": 2}')
    with pytest.raises(sigv4.SignatureError, match="does not match"):
        _verify(_signed(), path="/personalize/events")
    with pytest.raises(sigv4.SignatureError, match="does not match"):
        _verify(_signed(secret="other"))


def test_refuses_another_service_scope():
    with pytest.raises(sigv4.SignatureError, match="scoped to correct service"):
        _verify(_signed(service="s3"))


@pytest.mark.parametrize(("offset", "ok"), [(14, True), (-14, True), (16, False), (-16, False)])
def test_the_clock_may_differ_by_fifteen_minutes(offset, ok):
    headers = _signed(at=NOW + timedelta(minutes=offset))
    if ok:
        _verify(headers)
    else:
        with pytest.raises(sigv4.SignatureError, match=r"Signature (expired|not yet current)"):
            _verify(headers)


def test_a_missing_signed_header_is_refused():
    headers = _signed()
    headers.pop("content-type")
    with pytest.raises(sigv4.SignatureError, match="signed header 'content-type'"):
        _verify(headers)
