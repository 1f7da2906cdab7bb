from django.core.management.base import BaseCommand, CommandError

from personalize.services import access_key_create


class Command(BaseCommand):
    help = "Issue an access key pair for boto3 clients of /personalize/ (printed once, as two env lines)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help="who or what uses the key")

    def handle(self, *args, name: str, **options) -> None:
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters")
        issued = access_key_create(name=name)
        # Exactly these two lines, so `eval "$(manage.py create_access_key --name x)"` or a .env file takes them.
        self.stdout.write(f"AWS_ACCESS_KEY_ID={issued.access_key.access_key_id}")
        self.stdout.write(f"AWS_SECRET_ACCESS_KEY={issued.secret}")
