import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from claims import roles
from claims.importers import import_paths
from claims.models import Source
from claims.services.library import create_source

DEMO_PASSWORD = "workbench-demo"


class Command(BaseCommand):
    help = "Import the demo articles and sources in seeds/ and create one demo user per role."

    def add_arguments(self, parser):
        parser.add_argument("--seeds", default=str(settings.BASE_DIR / "seeds"))
        parser.add_argument("--no-users", action="store_true")

    def handle(self, *args, **options):
        seeds = Path(options["seeds"])
        users = {} if options["no_users"] else self._users()
        for outcome in import_paths(sorted(seeds.glob("*.txt")), imported_by=users.get(roles.ADMIN)):
            self.stdout.write(f"{outcome.status}: {outcome.name}" + (f" ({outcome.reason})" if outcome.reason else ""))
        created = 0
        for entry in json.loads((seeds / "sources.json").read_text(encoding="utf-8")):
            entry = dict(entry)
            text_file = entry.pop("text_file", None)
            if text_file:
                entry["text"] = (seeds / text_file).read_text(encoding="utf-8")
            if entry.get("published_on"):
                entry["published_on"] = datetime.date.fromisoformat(entry["published_on"])
            if not Source.objects.filter(title=entry["title"]).exists():
                create_source(**entry)
                created += 1
        self.stdout.write(f"{created} demo sources added.")
        if users:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for role, user in users.items():
                self.stdout.write(f"  {user.username:<10} {role}")

    def _users(self) -> dict:
        User = get_user_model()
        users = {}
        for role in (roles.REVIEWER, roles.EDITOR, roles.ADMIN):
            user, created = User.objects.get_or_create(username=role, defaults={"is_staff": role == roles.ADMIN})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            users[role] = user
        return users
