"""AWS Signature Version 4, checked on the server side (pure Python, no Django).

boto3 signs every request with the caller's secret; the server rebuilds the same canonical request
from what arrived and compares HMACs. The steps follow the published algorithm
(docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html) as botocore's SigV4Auth
implements them for rest-json services: the path quoted once, the body's SHA-256 as the payload
hash, every header named in SignedHeaders.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote

ALGORITHM = "AWS4-HMAC-SHA256"
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# AWS refuses a request signed more than 15 minutes away from its own clock.
MAX_SKEW = timedelta(minutes=15)
_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+)\s*,\s*SignedHeaders=(?P<headers>[^,\s]+)\s*,"
    r"\s*Signature=(?P<signature>[0-9a-f]{64})\s*$"
)


class SignatureError(Exception):
    """The request is not signed as SigV4 requires; ``code`` is AWS's error type for it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Authorization:
    access_key_id: str
    date: str  # YYYYMMDD, the credential scope's
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


def authorization_parse(header: str | None) -> Authorization:
    if not header:
        raise SignatureError("MissingAuthenticationTokenException", "Missing Authentication Token")
    match = _AUTHORIZATION.match(header.strip())
    if match is None:
        raise SignatureError(
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (AWS4-HMAC-SHA256)",
        )
    parts = match["credential"].split("/")
    if len(parts) != 5 or parts[4] != "aws4_request" or not all(parts):
        raise SignatureError(
            "IncompleteSignatureException",
            "Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request",
        )
    signed = tuple(match["headers"].split(";"))
    if "host" not in signed:
        raise SignatureError("InvalidSignatureException", "SignedHeaders must include host")
    return Authorization(parts[0], parts[1], parts[2], parts[3], signed, match["signature"])


def amz_date_parse(value: str | None, *, now: datetime, auth: Authorization) -> datetime:
    """X-Amz-Date as a datetime, refused when missing, malformed, off its scope's day or too far from now."""
    if not value:
        raise SignatureError("IncompleteSignatureException", "the request has no X-Amz-Date header")
    try:
        when = datetime.strptime(value, AMZ_DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise SignatureError(
            "IncompleteSignatureException", f"X-Amz-Date {value!r} is not YYYYMMDD'T'HHMMSS'Z'"
        ) from None
    if value[:8] != auth.date:
        raise SignatureError("InvalidSignatureException", "the credential's date is not X-Amz-Date's day")
    if abs(now - when) > MAX_SKEW:
        raise SignatureError(
            "InvalidSignatureException",
            f"Signature expired: {value} is now earlier than {(now - MAX_SKEW).strftime(AMZ_DATE_FORMAT)} "
            f"({now.strftime(AMZ_DATE_FORMAT)} - 15 min.)"
            if when < now
            else f"Signature not yet current: {value} is still later than "
            f"{(now + MAX_SKEW).strftime(AMZ_DATE_FORMAT)} ({now.strftime(AMZ_DATE_FORMAT)} + 15 min.)",
        )
    return when


def _canonical_query(query_string: str) -> str:
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(pairs))


def canonical_request(
    *, method: str, path: str, query_string: str, headers: Mapping[str, str], signed: tuple[str, ...], body_hash: str
) -> str:
    lines = [f"{name}:{' '.join(headers[name].split())}\n" for name in signed]
    return "\n".join(
        [
            method.upper(),
            quote(path or "/", safe="/~"),
            _canonical_query(query_string),
            "".join(lines),
            ";".join(signed),
            body_hash,
        ]
    )


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def signature_compute(*, secret: str, auth: Authorization, amz_date: str, canonical: str) -> str:
    to_sign = "\n".join([ALGORITHM, amz_date, auth.scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(f"AWS4{secret}".encode(), auth.date)
    for part in (auth.region, auth.service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def request_verify(
    *,
    method: str,
    path: str,
    query_string: str,
    header: Callable[[str], str | None],
    body: bytes,
    secret_of: Callable[[str], str | None],
    now: datetime,
    service: str = "personalize",
) -> Authorization:
    """Check one request's signature; the parsed Authorization on success, SignatureError otherwise.

    ``header(name)`` reads a request header case-insensitively; ``secret_of(access_key_id)`` is
    the key's secret, or None for a key that is unknown or revoked.
    """
    auth = authorization_parse(header("Authorization"))
    if auth.service != service:
        raise SignatureError(
            "InvalidSignatureException", f"Credential should be scoped to correct service: '{service}'"
        )
    amz_date = header("X-Amz-Date") or ""
    amz_date_parse(amz_date, now=now, auth=auth)
    body_hash = hashlib.sha256(body).hexdigest()
    claimed = header("X-Amz-Content-SHA256")
    if claimed is not None and not hmac.compare_digest(claimed, body_hash):
        raise SignatureError("InvalidSignatureException", "the body's SHA-256 is not X-Amz-Content-SHA256")
    values = {}
    for name in auth.signed_headers:
        value = header(name)
        if value is None:
            raise SignatureError("InvalidSignatureException", f"signed header {name!r} is not in the request")
        values[name] = value
    secret = secret_of(auth.access_key_id)
    if secret is None:
        raise SignatureError("UnrecognizedClientException", "The security token included in the request is invalid.")
    canonical = canonical_request(
        method=method,
        path=path,
        query_string=query_string,
        headers=values,
        signed=auth.signed_headers,
        body_hash=body_hash,
    )
    expected = signature_compute(secret=secret, auth=auth, amz_date=amz_date, canonical=canonical)
    if not hmac.compare_digest(expected, auth.signature):
        raise SignatureError(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method.",
        )
    return auth
