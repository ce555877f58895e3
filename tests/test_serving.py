"""The gunicorn configuration in the repository loads, and serves the app."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "workbench/gunicorn.conf.py", "workbench.wsgi"]


def test_the_configuration_is_threaded_and_recycles_its_workers():
    printed = subprocess.run(
        [*GUNICORN, "--print-config"], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "WEB_CONCURRENCY": "3"},
    ).stdout
    config = dict(line.split("=", 1) for line in printed.splitlines() if "=" in line)
    config = {k.strip(): v.strip() for k, v in config.items()}
    assert config["worker_class"] == "gthread" and config["workers"] == "3" and config["threads"] == "4"
    assert int(config["max_requests"]) > 0 and int(config["max_requests_jitter"]) > 0


def test_gunicorn_serves_the_sign_in_page():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    server = subprocess.Popen(GUNICORN, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, body = time.monotonic() + 30, ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "Log in" in body and 'name="password"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)
