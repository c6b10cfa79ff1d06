from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PagesConfig(AppConfig):
    name = "policylib.pages"
    verbose_name = "Site pages"

    def ready(self) -> None:
        from policylib.pages.private_database import restrict_sqlite_files

        connection_created.connect(restrict_sqlite_files, dispatch_uid="policylib-private-sqlite")
