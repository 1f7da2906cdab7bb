"""Staff screens: the model admins and the recommendations dashboard."""

from . import api_keys, dashboard, jobs, registry, schemas  # noqa: F401 - registers with admin.site
