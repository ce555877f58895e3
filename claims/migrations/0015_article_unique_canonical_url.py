from django.db import migrations, models


def keep_the_first_article_per_address(apps, schema_editor):
    """Articles imported twice from one address before the constraint: the
    oldest keeps the address as its key; the others keep their source_url
    (what was fetched) and lose only the canonical form, so nothing a
    reviewer wrote on them is lost and they can be merged by hand."""
    Article = apps.get_model("claims", "Article")
    seen = set()
    for pk, key in Article.objects.exclude(canonical_url="").order_by("imported_at", "pk").values_list(
        "pk", "canonical_url"
    ):
        if key in seen:
            Article.objects.filter(pk=pk).update(canonical_url="")
        seen.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0014_merge_suggestions_and_passages"),
    ]

    operations = [
        migrations.RunPython(keep_the_first_article_per_address, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("canonical_url", ""), _negated=True),
                fields=("canonical_url",),
                name="article_unique_canonical_url",
            ),
        ),
    ]
