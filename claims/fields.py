"""Model fields of our own."""

from django.db import models

from .matching import MatchResult, serialise


class MatchField(models.JSONField):
    """A MatchResult, stored through claims.matching.serialise with its
    schema number. Rows of older schemas load as MatchResult too; nothing
    stored loads as None."""

    description = "A quote's comparison with its source"

    def from_db_value(self, value, expression, connection):
        data = super().from_db_value(value, expression, connection)
        # A key looked up inside the JSON (match__verdict) is not a whole result.
        return serialise.load(data) if isinstance(data, dict) and not hasattr(expression, "key_name") else data

    def to_python(self, value):
        if value is None or isinstance(value, MatchResult):
            return value
        return serialise.load(value)

    def get_prep_value(self, value):
        if isinstance(value, MatchResult):
            value = serialise.dump(value)
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return serialise.dump(value) if isinstance(value, MatchResult) else value
