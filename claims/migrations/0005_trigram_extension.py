from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for misspelling-tolerant source search. The operation does
    nothing on databases other than PostgreSQL, where search falls back to
    substring matching."""

    dependencies = [("claims", "0004_evidence_match_status_source_pages")]

    operations = [TrigramExtension()]
