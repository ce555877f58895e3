import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Claim
from tests.factories import make_claim

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 20 + "-a-real-looking-secret-key-for-tests-0123456789"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"DEBUG", "SECRET_KEY", "PRODUCTION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if k not in dropped}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", PRODUCTION="1", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="fc.example"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_placeholder_secret_key():
    result = _manage("check", PRODUCTION="1", ALLOWED_HOSTS="fc.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be a real secret" in result.stderr


def test_production_refuses_debug():
    result = _manage("check", PRODUCTION="1", DEBUG="1", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="fc.example")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_an_empty_database_url_means_the_default_sqlite_file():
    result = _manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["workbench.sqlite3", str(ROOT / "db.sqlite3")]


def test_production_refuses_fetch_allow_addresses():
    result = _manage(
        "check", PRODUCTION="1", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="fc.example", FETCH_ALLOW_ADDRESSES="127.0.0.1/32"
    )
    assert result.returncode != 0
    assert "FETCH_ALLOW_ADDRESSES must be empty" in result.stderr


def _database_options(**env: str) -> str:
    code = "from django.conf import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))"
    result = _manage("shell", "--verbosity", "0", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_prepares_the_queries_a_page_runs_again_unless_told_not_to():
    url = "postgres://workbench@127.0.0.1:5432/workbench"
    assert _database_options(DATABASE_URL=url) == "[('prepare_threshold', 5), ('server_side_binding', True)]"
    assert _database_options(DATABASE_URL=url, DB_PREPARED_STATEMENTS="0") == "[]"
    assert "prepare_threshold" not in _database_options(DATABASE_URL="")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_query_run_again_is_planned_once():
    claim = make_claim()
    for _ in range(6):
        assert Claim.objects.get(pk=claim.pk) == claim
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "claims_claim"' in sql for sql in prepared)
