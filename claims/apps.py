from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-check workbench"

    def ready(self):
        from . import roles

        post_migrate.connect(roles.restore_missing_roles, sender=self)
