import gzip
import hashlib
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.fetching import FetchError, FetchPolicy, FetchRefused, check_address, fetch, resolve_and_check

PAGE = (
    "<!DOCTYPE html><html><head><title>Budget</title></head><body><p>Spending rose 4 % — «record».</p></body></html>"
).encode()


class RecordingResolver:
    """Maps names to addresses the way getaddrinfo would, and remembers what
    it was asked. Unknown names do not resolve."""

    def __init__(self, names=None):
        self.names = names or {}
        self.calls = []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        self.calls.append(host)
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        infos = []
        for ip in self.names[host]:
            if ":" in ip:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)))
        return infos


class RecordingConnector:
    """Opens real connections (only ever to 127.0.0.1 in these tests) and
    remembers each one."""

    def __init__(self):
        self.calls = []

    def __call__(self, ip, port, timeout):
        self.calls.append((ip, port))
        assert ip == "127.0.0.1", f"the suite must never connect to {ip}"
        return socket.create_connection((ip, port), timeout=timeout)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        path = unquote(parts.path)
        if path == "/page":
            self.send_body(PAGE, "text/html; charset=utf-8")
        elif path.startswith("/r/"):
            # /r/3 -> "2" (relative to /r/) ... /r/0 -> "../page"
            hops = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", str(hops - 1) if hops else "../page")
            self.end_headers()
        elif path == "/redirect":
            self.send_response(int(query.get("status", 302)))
            # Raw UTF-8 bytes on the wire, as many servers send them.
            self.send_header("Location", query["to"].encode().decode("latin-1"))
            self.end_headers()
        elif path == "/big":
            size = int(query["n"])
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            if query.get("length"):
                self.send_header("Content-Length", str(size))
            self.end_headers()
            for _ in range(size // 1000):
                self.wfile.write(b"x" * 1000)
            self.wfile.write(b"x" * (size % 1000))
        elif path == "/slow":
            time.sleep(3)
            self.send_body(PAGE, "text/html")
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif path in ("/drip-status", "/drip-headers"):
            # One byte at a time, each well within any per-read timeout.
            head = b"HTTP/1.0 200 OK\r\n" + b"X-Padding: " + b"y" * 40 + b"\r\nContent-Type: text/plain\r\n\r\n"
            if path == "/drip-headers":
                self.wfile.write(head[:17])
                head = head[17:]
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
            self.wfile.write(b"body")
        elif path == "/short":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"only part")
        elif path == "/café":
            self.send_body(PAGE, "text/html")
        elif path == "/image":
            self.send_body(b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/typed":
            self.send_body(b"<!DOCTYPE html><p>hi</p>", query["type"])
        elif path == "/untyped":
            self.send_body(query.get("body", "").encode(), None)
        elif path == "/untyped-pdf":
            self.send_body(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", None)
        elif path == "/gzip":
            self.send_body(gzip.compress(PAGE), "text/html", encoding="gzip")
        elif path == "/echo":
            echoed = f"{self.headers['Host']}|{self.headers['User-Agent']}|{self.headers['Accept-Encoding']}"
            self.send_body(echoed.encode(), "text/plain")
        else:
            self.send_response(404)
            self.end_headers()

    def send_body(self, body, content_type, encoding=None):
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the fetcher hangs up early on purpose in several tests


@pytest.fixture(scope="module")
def base():
    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


LOCAL = FetchPolicy(allow_addresses=("127.0.0.1/32",), total_timeout=5.0)


# --- Refused before connecting ---------------------------------------------

PUBLIC = "93.184.216.34"

REFUSALS = [
    # IPv4 literals in every spelling the C library accepts
    ("http://127.0.0.1/", {}, "refused_address"),
    ("http://2130706433/", {}, "refused_address"),
    ("http://0x7f000001/", {}, "refused_address"),
    ("http://0X7F000001/", {}, "refused_address"),
    ("http://017700000001/", {}, "refused_address"),
    ("http://127.1/", {}, "refused_address"),
    ("http://0177.0.0.1/", {}, "refused_address"),
    ("http://0x7f.0.0.1/", {}, "refused_address"),
    ("http://127.0.0.1./", {}, "refused_address"),
    ("http://127.0.0.1:8080/admin", {}, "refused_address"),
    ("https://127.0.0.1/", {}, "refused_address"),
    ("http://0/", {}, "refused_address"),
    ("http://0.0.0.0/", {}, "refused_address"),
    ("http://10.0.0.1/", {}, "refused_address"),
    ("http://167772161/", {}, "refused_address"),
    ("http://012.0.0.1/", {}, "refused_address"),
    ("http://172.16.0.1/", {}, "refused_address"),
    ("http://172.31.255.255/", {}, "refused_address"),
    ("http://192.168.1.1/", {}, "refused_address"),
    ("http://0xc0.0xa8.1.1/", {}, "refused_address"),
    ("http://169.254.169.254/latest/meta-data", {}, "refused_address"),
    ("http://2852039166/latest/meta-data", {}, "refused_address"),
    ("http://169.254.1.1/", {}, "refused_address"),
    ("http://100.64.0.1/", {}, "refused_address"),
    ("http://100.127.255.254/", {}, "refused_address"),
    ("http://224.0.0.1/", {}, "refused_address"),
    ("http://255.255.255.255/", {}, "refused_address"),
    ("http://240.0.0.1/", {}, "refused_address"),
    ("http://192.0.2.10/", {}, "refused_address"),
    ("http://198.51.100.7/", {}, "refused_address"),
    ("http://198.18.0.1/", {}, "refused_address"),
    ("http://198.19.255.1/", {}, "refused_address"),
    # IPv6 literals
    ("http://[::1]/", {}, "refused_address"),
    ("http://[0:0:0:0:0:0:0:1]:8000/", {}, "refused_address"),
    ("http://[::]/", {}, "refused_address"),
    ("http://[::ffff:127.0.0.1]/", {}, "refused_address"),
    ("http://[::ffff:7f00:1]/", {}, "refused_address"),
    ("http://[::ffff:10.0.0.1]/", {}, "refused_address"),
    ("http://[::ffff:a9fe:a9fe]/", {}, "refused_address"),
    ("http://[::127.0.0.1]/", {}, "refused_address"),
    ("http://[fc00::1]/", {}, "refused_address"),
    ("http://[fd12:3456:789a::1]/", {}, "refused_address"),
    ("http://[fe80::1%25eth0]/", {}, "refused_address"),
    ("http://[fe80::1]/", {}, "refused_address"),
    ("http://[fec0::1]/", {}, "refused_address"),
    ("http://[ff02::1]/", {}, "refused_address"),
    ("http://[64:ff9b::a00:1]/", {}, "refused_address"),
    ("http://[64:ff9b::7f00:1]/", {}, "refused_address"),
    ("http://[2002:a00:1::]/", {}, "refused_address"),
    ("http://[2002:7f00:1::1]/", {}, "refused_address"),
    ("http://[2001:db8::1]/", {}, "refused_address"),
    # names that resolve to addresses that are not public
    ("http://intranet.example/", {"intranet.example": ["10.0.0.5"]}, "refused_address"),
    ("http://IntraNet.Example./", {"intranet.example": ["10.0.0.5"]}, "refused_address"),
    ("http://localhost/", {"localhost": ["127.0.0.1"]}, "refused_address"),
    ("http://localhost:8000/", {"localhost": ["::1"]}, "refused_address"),
    ("http://mixed.example/", {"mixed.example": [PUBLIC, "10.0.0.1"]}, "refused_address"),
    ("http://mixed6.example/", {"mixed6.example": [PUBLIC, "fd00::1"]}, "refused_address"),
    ("http://metadata.example/", {"metadata.example": ["169.254.169.254"]}, "refused_address"),
    ("http://cgnat.example/", {"cgnat.example": ["100.64.1.1"]}, "refused_address"),
    ("http://mapped.example/", {"mapped.example": ["::ffff:192.168.0.1"]}, "refused_address"),
    ("http://linklocal.example/", {"linklocal.example": ["fe80::1%2"]}, "refused_address"),
    ("http://xn--bcher-kva.example/", {"xn--bcher-kva.example": ["192.168.5.5"]}, "refused_address"),
    ("http://bücher.example/", {"xn--bcher-kva.example": ["192.168.5.5"]}, "refused_address"),
    ("http://ＢÜＣＨＥＲ。example/", {"xn--bcher-kva.example": ["192.168.5.5"]}, "refused_address"),
    ("http://straße.example/", {"xn--strae-oqa.example": ["192.168.5.5"]}, "refused_address"),
    ("http://nowhere.example/", {}, "unresolvable"),
    ("http://empty.example/", {"empty.example": []}, "unresolvable"),
    # schemes
    ("file:///etc/passwd", {}, "refused_scheme"),
    ("ftp://example.com/file", {}, "refused_scheme"),
    ("gopher://example.com/", {}, "refused_scheme"),
    ("data:text/html,<p>hi</p>", {}, "refused_scheme"),
    ("javascript:alert(1)", {}, "refused_scheme"),
    ("//example.com/", {}, "refused_scheme"),
    # credentials
    ("http://user:pass@example.com/", {}, "refused_credentials"),
    ("http://user@example.com/", {}, "refused_credentials"),
    ("http://example.com@127.0.0.1/", {}, "refused_credentials"),
]


@pytest.mark.parametrize(("url", "names", "code"), REFUSALS)
def test_fetch_refuses_before_connecting(url, names, code):
    resolver = RecordingResolver(names)
    connector = RecordingConnector()
    with pytest.raises(FetchRefused) as caught:
        fetch(url, resolver=resolver, connector=connector)
    assert caught.value.code == code
    assert str(caught.value).startswith("Refused: ")
    assert connector.calls == []


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/", "http://[fe80::1%25eth0]/"],
)
def test_fetch_ip_literal_never_reaches_the_resolver(url):
    resolver = RecordingResolver()
    with pytest.raises(FetchRefused):
        fetch(url, resolver=resolver, connector=RecordingConnector())
    assert resolver.calls == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://10.0.0.5/", "Refused: 10.0.0.5 is a private address."),
        ("http://2130706433/", "Refused: 127.0.0.1 is a loopback address."),
        ("http://169.254.169.254/", "Refused: 169.254.169.254 is a cloud metadata address."),
        ("http://100.64.0.1/", "Refused: 100.64.0.1 is a carrier-grade NAT address."),
        ("http://[::ffff:7f00:1]/", "Refused: ::ffff:7f00:1 embeds 127.0.0.1, a loopback address."),
        ("http://[64:ff9b::a00:1]/", "Refused: 64:ff9b::a00:1 embeds 10.0.0.1, a private address."),
    ],
)
def test_fetch_refusal_names_the_reason(url, message):
    with pytest.raises(FetchRefused) as caught:
        fetch(url, resolver=RecordingResolver(), connector=RecordingConnector())
    assert str(caught.value) == message


def test_fetch_refused_scheme_names_it():
    with pytest.raises(FetchRefused) as caught:
        fetch("file:///etc/passwd", connector=RecordingConnector())
    assert str(caught.value) == "Refused: only http and https addresses can be fetched, not file:."


@pytest.mark.parametrize(
    "url",
    [
        "http://1.2.3.4.5/",
        "http://256.1.1.1/",
        "http://0x100000000/",
        "http://exa mple.com/",
        "http://[zz::1]/",
        "http://example.com:99999/",
        "http:///path",
        "http://a..b/",
        "http://example.com:0/",
        "http://☃.example/",
        "http://bücher..example/",
    ],
)
def test_fetch_malformed_address_is_bad_url(url):
    resolver = RecordingResolver()
    connector = RecordingConnector()
    with pytest.raises(FetchError) as caught:
        fetch(url, resolver=resolver, connector=connector)
    assert caught.value.code == "bad_url"
    assert resolver.calls == []
    assert connector.calls == []


def test_fetch_looks_up_sharp_s_names_as_written_not_as_ss():
    # Python's IDNA 2003 codec would have asked for strasse.example, another site.
    resolver = RecordingResolver({"xn--strae-oqa.example": ["10.0.0.1"], "strasse.example": ["10.0.0.2"]})
    with pytest.raises(FetchRefused):
        fetch("http://Straße.example/", resolver=resolver, connector=RecordingConnector())
    assert resolver.calls == ["xn--strae-oqa.example"]


_SPELLINGS = [
    str,
    lambda ip: str(int(ip)),
    lambda ip: hex(int(ip)),
    lambda ip: "0" + oct(int(ip))[2:],
    lambda ip: ".".join(f"0{part:o}" for part in ip.packed),
    lambda ip: ".".join(hex(part) for part in ip.packed),
    lambda ip: f"{ip.packed[0]}.{int.from_bytes(ip.packed[1:], 'big')}",
]


@settings(database=None, max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8"]
    ),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.sampled_from(_SPELLINGS),
)
def test_fetch_refuses_any_spelling_of_non_public_ipv4(cidr, offset, spell):
    network = ipaddress.ip_network(cidr)
    ip = network[offset % network.num_addresses]
    connector = RecordingConnector()
    with pytest.raises(FetchRefused) as caught:
        fetch(f"http://{spell(ip)}/", resolver=RecordingResolver(), connector=connector)
    assert f" {ip} " in str(caught.value)
    assert connector.calls == []


@pytest.mark.parametrize(
    "ip",
    ["8.8.8.8", "1.1.1.1", PUBLIC, "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"],
)
def test_check_address_allows_public_addresses(ip):
    assert check_address(ipaddress.ip_address(ip)) is None


def test_resolve_and_check_returns_every_address_once():
    resolver = RecordingResolver({"news.example": [PUBLIC, "2606:4700::6810:84e5", PUBLIC]})
    assert resolve_and_check("news.example", 443, resolver=resolver) == [PUBLIC, "2606:4700::6810:84e5"]
    assert resolver.calls == ["news.example"]


def test_resolve_and_check_exempts_allowed_networks():
    resolver = RecordingResolver({"test.example": ["127.0.0.1"]})
    assert resolve_and_check("test.example", 80, resolver=resolver, allow=("127.0.0.1/32",)) == ["127.0.0.1"]
    with pytest.raises(FetchRefused):
        resolve_and_check("127.0.0.2", 80, resolver=resolver, allow=("127.0.0.1/32",))


# --- Redirects served from the local server -----------------------------------


@pytest.mark.parametrize(
    ("target", "names", "code"),
    [
        ("http://internal.example/", {"internal.example": ["10.0.0.1"]}, "refused_address"),
        ("http://169.254.169.254/latest/meta-data", {}, "refused_address"),
        ("http://0x0a000001/", {}, "refused_address"),
        ("http://[::1]:{port}/page", {}, "refused_address"),
        ("http://localhost:{port}/page", {"localhost": ["127.0.0.1", "::1"]}, "refused_address"),
        ("http://other.example:{port}/page", {"other.example": ["127.0.0.2"]}, "refused_address"),
        ("file:///etc/passwd", {}, "refused_scheme"),
        ("http://user:pw@127.0.0.1:{port}/page", {}, "refused_credentials"),
        ("http://gone.example/", {}, "unresolvable"),
    ],
)
def test_fetch_redirect_to_refused_address_stops_after_first_hop(base, target, names, code):
    port = urlsplit(base).port
    connector = RecordingConnector()
    url = f"{base}/redirect?to={target.format(port=port)}"
    with pytest.raises(FetchRefused) as caught:
        fetch(url, policy=LOCAL, resolver=RecordingResolver(names), connector=connector)
    assert caught.value.code == code
    assert connector.calls == [("127.0.0.1", port)]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_fetch_follows_every_redirect_status(base, status):
    result = fetch(f"{base}/redirect?status={status}&to=/page", policy=LOCAL)
    assert result.final_url == f"{base}/page"
    assert result.body == PAGE


def test_fetch_follows_relative_redirect_chain(base):
    result = fetch(f"{base}/r/3", policy=LOCAL)
    assert result.url == f"{base}/r/3"
    assert result.final_url == f"{base}/page"
    assert result.redirects == (f"{base}/r/2", f"{base}/r/1", f"{base}/r/0", f"{base}/page")
    assert result.body == PAGE


def test_fetch_allows_max_redirects(base):
    result = fetch(f"{base}/r/4", policy=LOCAL)
    assert len(result.redirects) == 5


def test_fetch_refuses_too_many_redirects(base):
    connector = RecordingConnector()
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/r/5", policy=LOCAL, connector=connector)
    assert caught.value.code == "too_many_redirects"
    assert str(caught.value) == "The page redirected more than 5 times."
    assert len(connector.calls) == 6


# --- Pages from the local server -----------------------------------------------


def test_fetch_returns_page_exactly_as_served(base):
    result = fetch(f"{base}/page", policy=LOCAL)
    assert result.body == PAGE
    assert result.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.final_url == f"{base}/page"
    assert result.redirects == ()
    assert result.fetched_at.utcoffset().total_seconds() == 0


def test_fetch_connects_to_checked_address_with_original_host(base):
    port = urlsplit(base).port
    resolver = RecordingResolver({"news.test": ["127.0.0.1"]})
    connector = RecordingConnector()
    result = fetch(f"http://News.Test.:{port}/echo", policy=LOCAL, resolver=resolver, connector=connector)
    host, agent, encoding = result.body.decode().split("|")
    assert host == f"news.test:{port}"
    assert agent == LOCAL.user_agent
    assert encoding == "identity"
    assert resolver.calls == ["news.test"]
    assert connector.calls == [("127.0.0.1", port)]


def test_fetch_refuses_content_length_over_cap(base):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/big?n=5000&length=1", policy=FetchPolicy(max_bytes=1000, allow_addresses=LOCAL.allow_addresses))
    assert caught.value.code == "too_large"
    assert str(caught.value) == "The response is larger than 1 kB."


def test_fetch_refuses_streamed_body_over_cap(base):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/big?n=200000", policy=FetchPolicy(max_bytes=100_000, allow_addresses=LOCAL.allow_addresses))
    assert caught.value.code == "too_large"


def test_fetch_accepts_body_at_cap(base):
    result = fetch(f"{base}/big?n=1000", policy=FetchPolicy(max_bytes=1000, allow_addresses=LOCAL.allow_addresses))
    assert len(result.body) == 1000


def test_fetch_default_cap_refuses_early_in_megabytes(base):
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/big?n=10000001&length=1", policy=FetchPolicy(allow_addresses=LOCAL.allow_addresses))
    assert str(caught.value) == "The response is larger than 10 MB."
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("path", ["/slow", "/drip", "/drip-status", "/drip-headers"])
def test_fetch_slow_server_times_out_quickly(base, path):
    policy = FetchPolicy(total_timeout=0.5, allow_addresses=LOCAL.allow_addresses)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}{path}", policy=policy)
    assert time.monotonic() - started < 1.5
    assert caught.value.code == "timeout"
    assert str(caught.value) == "The page took longer than 0.5 seconds."


def test_fetch_slow_resolver_times_out_quickly():
    def slow_resolver(host, port, family=0, type=0, proto=0, flags=0):
        time.sleep(2)
        return []

    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(
            "http://slow.example/",
            policy=FetchPolicy(total_timeout=0.3),
            resolver=slow_resolver,
            connector=RecordingConnector(),
        )
    assert time.monotonic() - started < 1
    assert caught.value.code == "timeout"


def test_fetch_refuses_unsupported_content_type(base):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/image", policy=LOCAL)
    assert caught.value.code == "bad_content_type"
    assert str(caught.value) == "Unsupported content type image/png."


@pytest.mark.parametrize(
    ("header", "content_type", "charset"),
    [
        ("text/html; charset=utf-8", "text/html", "utf-8"),
        ('TEXT/HTML;Charset="ISO-8859-1"', "text/html", "iso-8859-1"),
        ("text/html; charset='windows-1252'", "text/html", "windows-1252"),
        ('text/html; title="a;charset=koi8-r"; charset=utf-8', "text/html", "utf-8"),
        ("text/html; charset*=utf-8''windows-1252", "text/html", "windows-1252"),
        ("text/html; charset=", "text/html", None),
        ("application/pdf", "application/pdf", None),
        # no type at all leaves it to sniffing; the charset still counts
        ("; charset=koi8-r", "text/html", "koi8-r"),
    ],
)
def test_fetch_reads_the_declared_content_type_and_charset(base, header, content_type, charset):
    result = fetch(f"{base}/typed?type={quote(header)}", policy=LOCAL)
    assert (result.content_type, result.charset) == (content_type, charset)


@pytest.mark.parametrize("header", ["html", "text/html, text/plain", "text/html charset=utf-8"])
def test_fetch_refuses_a_malformed_content_type_rather_than_reading_it_as_text(base, header):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/typed?type={quote(header)}", policy=LOCAL)
    assert caught.value.code == "bad_content_type"
    assert str(caught.value) == f"Unsupported content type {header}."


def test_fetch_missing_page_is_bad_status(base):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/missing", policy=LOCAL)
    assert caught.value.code == "bad_status"
    assert "404" in str(caught.value)


def test_fetch_sniffs_untyped_html(base):
    result = fetch(f"{base}/untyped?body=  <!doctype html><p>hi</p>", policy=LOCAL)
    assert result.content_type == "text/html"


def test_fetch_sniffs_untyped_pdf(base):
    result = fetch(f"{base}/untyped-pdf", policy=LOCAL)
    assert result.content_type == "application/pdf"


def test_fetch_refuses_untyped_unknown_content(base):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/untyped?body=just some bytes", policy=LOCAL)
    assert caught.value.code == "bad_content_type"


def test_fetch_truncated_body_is_connection_failed(base):
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/short", policy=LOCAL)
    assert caught.value.code == "connection_failed"


def test_fetch_follows_utf8_location(base):
    result = fetch(f"{base}/redirect?to=/caf%C3%A9", policy=LOCAL)
    assert result.final_url == f"{base}/café"
    assert result.body == PAGE


def test_fetch_decodes_gzip_sent_anyway(base):
    result = fetch(f"{base}/gzip", policy=LOCAL)
    assert result.body == PAGE


def test_fetch_refuses_gzip_expanding_over_cap(base):
    policy = FetchPolicy(max_bytes=len(PAGE) - 1, allow_addresses=LOCAL.allow_addresses)
    with pytest.raises(FetchError) as caught:
        fetch(f"{base}/gzip", policy=policy)
    assert caught.value.code == "too_large"


def test_fetch_closed_port_is_connection_failed():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/", policy=LOCAL)
    assert caught.value.code == "connection_failed"


@pytest.fixture(scope="module")
def tls_base(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server = Server(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1], names
    server.shutdown()
    server.server_close()


def test_fetch_https_checks_certificate_for_original_host(tls_base):
    port, names = tls_base
    resolver = RecordingResolver({"news.test": ["127.0.0.1"]})
    with pytest.raises(FetchError) as caught:
        fetch(f"https://news.test:{port}/page", policy=LOCAL, resolver=resolver)
    # The self-signed certificate is not trusted, so verification is on; the
    # server saw the original name through SNI, not the address.
    assert caught.value.code == "connection_failed"
    assert "certificate" in str(caught.value)
    assert names == ["news.test"]
