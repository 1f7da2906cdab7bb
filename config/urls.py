from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic.base import RedirectView

urlpatterns = [
    # Browsers ask for /favicon.ico on every page that names none (the admin's error pages, API docs).
    # Looked up per request: in production the name comes from collectstatic's manifest, which
    # management commands run before collectstatic (check, migrate) must not need.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/", include("recommendations.urls")),
    # Amazon Personalize's own paths, for boto3 clients with endpoint_url=".../personalize".
    path("personalize/", include("personalize.urls")),
    path("api/", include("datasets.urls")),
    path("personas/", include("personas.urls")),
    path("", include("storefront.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
