import hashlib
import re
import unicodedata

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

# Claims that repeat earlier ones (claims.repeats, services.repeats): each
# claim's match key, filled here for the claims already stored, its index,
# a speaker's latest claims in index order, and the table of repeats found.
#
# On SQLite, adding a NOT NULL column or dropping an index through Django's
# schema editor rebuilds claims_claim, copying every row (and its search
# triggers dropped and made again). So the column is added and the
# speaker's own index (now led by claim_speaker_recent) dropped in SQL that
# alters the table in place, on both databases; Django's state is told the
# same through SeparateDatabaseAndState.

BATCH = 5000
SPEAKER_INDEX = "claims_claim_speaker_id_e031226b"  # as 0001 named it, on both databases

# A frozen copy of claims.repeats.match_key as it is at this migration.
class _Characters(dict):
    def __missing__(self, code):
        char = chr(code)
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            value = char
        elif char in "'’‘ʼ`´′":
            value = "'"
        else:
            value = " "
        self[code] = value
        return value


_CHARACTERS = _Characters()
_HAS_SEPARATOR = re.compile(r"\d,\d")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _key(text: str) -> str:
    text = text.casefold()
    if _HAS_SEPARATOR.search(text):
        text = _THOUSANDS.sub("", text)
    words = [word for word in (token.strip("'") for token in text.translate(_CHARACTERS).split()) if word]
    joined = " ".join(words)
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest() if joined else ""


def add_column(apps, schema_editor):
    execute = schema_editor.execute
    execute("ALTER TABLE claims_claim ADD COLUMN match_key varchar(32) DEFAULT '' NOT NULL")
    if schema_editor.connection.vendor == "postgresql":
        # As Django leaves a column: the default is the model's, not the table's.
        execute("ALTER TABLE claims_claim ALTER COLUMN match_key DROP DEFAULT")
    execute(f"DROP INDEX IF EXISTS {SPEAKER_INDEX}")


def drop_column(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {SPEAKER_INDEX} ON claims_claim (speaker_id)")
    schema_editor.execute("ALTER TABLE claims_claim DROP COLUMN match_key")


def fill_keys(apps, schema_editor):
    """Every stored claim's key, BATCH claims at a time, each batch written
    by one statement on PostgreSQL (a join with the new keys)."""
    Claim = apps.get_model("claims", "Claim")
    postgres = schema_editor.connection.vendor == "postgresql"
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            rows = list(Claim.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "text")[:BATCH])
            if not rows:
                break
            last = rows[-1][0]
            keys = [(_key(text), pk) for pk, text in rows]
            if postgres:
                cursor.execute(
                    "UPDATE claims_claim AS c SET match_key = k.key "
                    "FROM unnest(%s::text[], %s::bigint[]) AS k(key, id) WHERE c.id = k.id",
                    [[key for key, _ in keys], [pk for _, pk in keys]],
                )
            else:
                cursor.executemany("UPDATE claims_claim SET match_key = %s WHERE id = %s", keys)


class Migration(migrations.Migration):
    dependencies = [("claims", "0026_evidence_flags_without_fetch_errors")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="claim",
                    name="match_key",
                    field=models.CharField(blank=True, editable=False, max_length=32),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="speaker",
                    field=models.ForeignKey(
                        blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL,
                        related_name="claims", to="claims.speaker",
                    ),
                ),
            ],
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["match_key", "id"], name="claim_match_key"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["speaker", "created_at"], name="claim_speaker_recent"),
        ),
        migrations.CreateModel(
            name="ClaimRepeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("exact", "the same words"), ("near", "nearly the same words, same speaker")],
                        max_length=10,
                    ),
                ),
                ("score", models.FloatField(help_text="Word similarity, 0 to 1; 1 for the same words.")),
                ("found_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "claim",
                    models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="repeats",
                        to="claims.claim",
                    ),
                ),
                (
                    "earlier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="repeated_in", to="claims.claim"
                    ),
                ),
            ],
            options={
                "ordering": ["claim", "-score", "earlier"],
                "constraints": [
                    models.UniqueConstraint(fields=("claim", "earlier"), name="claim_repeat_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("claim", models.F("earlier")), _negated=True),
                        name="claim_repeat_not_itself",
                    ),
                ],
            },
        ),
    ]
