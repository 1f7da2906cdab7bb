"""A deploy behind HTTPS, wsgi/asgi's default: debug off, a secret key and the host names required.

Each HTTPS setting can be turned down through the environment; the defaults are what
``manage.py check --deploy`` asks for. Static files are served by whitenoise from what
``collectstatic`` wrote (``make serve-prod`` runs it).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env

# Whatever DJANGO_DEBUG says: debug pages and the API open without a key are for the demo only.
DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set: config.settings.production runs with debug off "
        '(generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))")'
    )
# No default: the development hosts (localhost, testserver) have no business in a deploy.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set for config.settings.production: "
        "the host names the shop answers to, comma separated (e.g. shop.example.com)"
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# A TLS-terminating proxy (nginx, a load balancer) tells Django the request came over HTTPS in
# this header, as "HEADER,value". The proxy must overwrite whatever a client sent in it.
# "none" when nothing in front sets it (then SECURE_SSL_REDIRECT needs TLS at the app server).
_proxy_ssl_header = env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO,https")
if _proxy_ssl_header.strip().lower() == "none":
    SECURE_PROXY_SSL_HEADER = None
else:
    _header = [part.strip() for part in _proxy_ssl_header.split(",")]
    if len(_header) != 2 or not all(_header):
        raise ImproperlyConfigured(
            f"DJANGO_SECURE_PROXY_SSL_HEADER must be HEADER,value or none, not {_proxy_ssl_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = tuple(_header)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
# One year, as HSTS preload lists require. Browsers remember it: lower it (e.g. to 60) for a
# first deploy on a new domain, and raise it once HTTPS is known to work everywhere.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = env.bool("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", default=True)

# collectstatic names each file by its content's hash and whitenoise lets browsers keep those for
# a year: a deploy that changes a stylesheet changes its name, so no browser keeps the old one.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
