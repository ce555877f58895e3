"""Load on the reviewer pages through gunicorn: requests at a steady rate
(50 a second by default) for a fixed time, from a pool of threads, each
signed in as a reviewer, over the pages a review desk uses (article list
and its later pages, article pages, claim panels, the review queue with
its filters and later pages, source pages). Prints the rate achieved, p50
and p95 of the response times, the slowest pages, and every error.

Requests are sent on a schedule (open loop): a slow answer does not slow
the next request down, so the rate achieved says whether the server keeps
up, and a late request counts from when it was due. When it starts gunicorn it
also prints the CPU time the workers spent per request, which, unlike the
clock, does not depend on what else the machine is doing. Each sending
thread keeps its connection open between requests, as a browser does, and
the CPU this process spent sending is printed too: on a machine of two
cores the sender shares the cores with the server it measures.

Against a database filled by `manage.py generate_demo_data` (see
bench_pages.py), with gunicorn started here on workbench/gunicorn.conf.py:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages python bench/bench_load.py [--seconds 60] [--rate 50]

or against a server already running (its database filled the same way):

    python bench/bench_load.py --url http://127.0.0.1:8000
"""

import argparse
import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "workbench-demo"
TARGET_P95_MS = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn() -> tuple[subprocess.Popen, str]:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (a database filled by `manage.py generate_demo_data`) or give --url.")
    port = free_port()
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", "DEBUG": "0"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "workbench/gunicorn.conf.py", "workbench.wsgi",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/login/", timeout=5)
            return server, url
        except OSError:  # not listening yet, or still loading
            if server.poll() is not None:
                sys.exit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not answer within 20 s")


def server_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's workers, those running and
    those recycled (counted in the master's reaped children), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(pid):
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()

    fields = stat(master)
    total = int(fields[13]) + int(fields[14])  # cutime, cstime: workers already reaped
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = stat(entry)
            except OSError:
                continue
            if int(fields[1]) == master:
                total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def signed_in(url: str, username: str) -> urllib.request.OpenerDirector:
    """An opener holding a reviewer's session, signed in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{url}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{url}/login/", data=data.encode(), headers={"Referer": f"{url}/login/"})
    page = opener.open(request)
    if "/login/" in page.geturl():
        sys.exit(f"Could not sign in as {username!r} with the demo password; is the database the generator's?")
    return opener


def cookie_header(opener: urllib.request.OpenerDirector) -> str:
    """The Cookie header of a signed-in opener's session."""
    jar = next(h.cookiejar for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict) -> int:
    """GET `path` on a kept-open connection; the status. A connection the
    server closed while idle (its keep-alive timeout, a worker restarting
    after max_requests) is opened again and the request sent once more, as
    a browser retries an idempotent request that got no answer."""
    for attempt in (1, 2):
        reused = connection.sock is not None
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if reused and attempt == 1:
                continue
            raise
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
        return response.status
    raise AssertionError("unreachable")


def page_pool(url: str, opener) -> list[tuple[str, str, dict]]:
    """(label, path, headers) of the pages to request, found by reading the
    pages themselves: articles, claims and sources linked from the lists."""
    htmx = {"HX-Request": "true"}

    def read(path):
        return opener.open(url + path).read().decode()

    def links(html, pattern):
        return sorted(set(re.findall(pattern, html)))

    articles_html, queue_html = read("/"), read("/queue/")
    articles = links(articles_html, r'href="(/articles/\d+/)"')
    claims = links(queue_html, r'href="(/claims/\d+/)"')
    later = [("article list, next page", links(articles_html, r'href="(\?[^"]*)"[^>]*rel="next"'), "/"),
             ("queue, next page", links(queue_html, r'href="(\?[^"]*)"[^>]*rel="next"'), "/queue/")]
    # Claims waiting for a second check have sources linked, more often than not.
    sources = []
    for claim in links(read("/queue/?state=second_check"), r'href="(/claims/\d+/)"')[:10]:
        sources += links(read(claim), r'href="(/sources/\d+/)"')
    pool = [("article list", "/", {}), ("queue", "/queue/", {}), ("queue, mine", "/queue/?mine=on", htmx),
            ("queue, second check", "/queue/?state=second_check", htmx),
            ("queue, statistics", "/queue/?kind=statistic", htmx)]
    for label, found, base in later:
        pool += [(label, base + found[0].replace("&amp;", "&"), htmx)] if found else []
    pool += [("article page", path, {}) for path in articles[:20]]
    pool += [("claim panel", path, htmx) for path in claims[:30]]
    pool += [("source page", path, {}) for path in sources[:10]]
    return pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="A running server; without it gunicorn is started here.")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=50, help="Requests per second to send.")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--user", default="reviewer")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nice", type=int, default=0, metavar="N",
                        help="Lower this process's priority by N once the server has started, so that on one "
                             "machine the load it sends takes the cores the server leaves, as a client elsewhere "
                             "would (the server keeps its priority).")
    args = parser.parse_args()

    server = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        server, url = start_gunicorn()
    if args.nice:
        os.nice(args.nice)
    try:
        run(args, url, master=server.pid if server else None)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def run(args, url: str, *, master: int | None = None) -> None:
    rng = random.Random(args.seed)
    openers = [signed_in(url, args.user) for _ in range(min(args.threads, 4))]
    pool = page_pool(url, openers[0])
    total = int(args.seconds * args.rate)
    plan = [rng.choice(pool) for _ in range(total)]
    print(f"{url}: {len(pool)} pages, {total} requests over {args.seconds:.0f} s at {args.rate:g}/s, "
          f"{args.threads} threads, as {args.user}", flush=True)

    lock = threading.Lock()
    next_index = [0]
    results: list[tuple[str, float, int | str]] = []
    started = time.perf_counter() + 0.5

    host = urllib.parse.urlsplit(url)
    cookies = [cookie_header(opener) for opener in openers]

    def worker(n: int) -> None:
        # One connection per thread, kept open between requests as a
        # browser keeps it: a new connection per request cost this process
        # and the server more CPU than many of the pages themselves.
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        cookie = cookies[n % len(cookies)]
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= total:
                return
            due = started + i / args.rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            label, path, headers = plan[i]
            try:
                status = fetch(connection, path, {**headers, "Cookie": cookie})
            except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
                connection.close()
                status = type(exc).__name__
            # From when the request was due: a late start is the server's delay too.
            elapsed = (time.perf_counter() - due) * 1000
            with lock:
                results.append((label, elapsed, status))

    cpu_before = server_cpu(master) if master else None
    own_before = time.process_time()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.perf_counter() - started
    own = time.process_time() - own_before
    report(results, duration, args.rate)
    print(f"\nthis process (the load it sends): {own * 1000 / len(results):.0f} ms of CPU per request")
    if master:
        cpu = server_cpu(master) - cpu_before
        load = os.getloadavg()[0]
        print(f"\ngunicorn's workers: {cpu * 1000 / len(results):.0f} ms of CPU per request, "
              f"{cpu / duration:.2f} cores on average; the machine's load average was {load:.1f} "
              f"on {os.cpu_count()} cores (the clock's figures include waiting for a core)")


def report(results, duration: float, rate: float) -> None:
    times = sorted(ms for _, ms, _ in results)
    errors = Counter((label, status) for label, _, status in results if status != 200)
    achieved = len(results) / duration
    p50, p95 = statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"achieved {achieved:.1f} requests/s (target {rate:g}), p50 {p50:.0f} ms, p95 {p95:.0f} ms "
          f"(target {TARGET_P95_MS:.0f}), {sum(errors.values())} errors of {len(results)}")
    by_page = defaultdict(list)
    for label, ms, _ in results:
        by_page[label].append(ms)
    print(f"\n{'page':<26} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for label, values in sorted(by_page.items(), key=lambda item: -statistics.median(item[1])):
        values.sort()
        print(f"{label:<26} {len(values):>8} {statistics.median(values):>8.0f} "
              f"{values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]:>8.0f}")
    for (label, status), n in errors.most_common():
        print(f"error: {label}: {status} x{n}")


if __name__ == "__main__":
    main()
