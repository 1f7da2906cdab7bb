"""Staff screens: the model admins and the recommendations dashboard."""

from . import dashboard, jobs, registry  # noqa: F401 - registers with admin.site
