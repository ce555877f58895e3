"""gunicorn settings for the workbench on a small machine (2 cores):
`gunicorn -c workbench/gunicorn.conf.py workbench.wsgi`. Each can be
overridden from the environment (GUNICORN_CMD_ARGS, or the variables named
below)."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")

# Threads rather than more processes: pages spend most of their time
# waiting on the database, and a streamed export or a slow client holds a
# thread, not a whole worker. Two processes per core keep both cores busy
# while one process is in Python.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("WEB_THREADS", 4))

# A worker silent this long is restarted. With threads the worker's main
# loop answers, so a long streamed export is not cut off by it; imports and
# fetches run in the task worker, not here.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Restart each process now and then, staggered, so that memory a large
# request left behind is given back.
max_requests = 1000
max_requests_jitter = 100

# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = "-"
errorlog = "-"
# Behind a proxy on the same machine, trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
