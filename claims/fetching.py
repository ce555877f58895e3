"""The guarded fetcher: every outgoing request the workbench makes goes
through `fetch`, so that an address typed by a user can never make the server
reach its own private network.

The rules, in order: only http and https without credentials; the host is
parsed the way the C library would parse it (so "2130706433" is 127.0.0.1);
the host is resolved once and every address is checked; the connection goes
to the checked address, never back through DNS; every redirect is checked the
same way; one deadline covers the whole fetch, and size and content type are
enforced while the body streams in.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit

from .canonical import to_ascii_host
from .sniffing import looks_like_html, looks_like_pdf

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., list]
Connector = Callable[[str, int, float], socket.socket]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK_SIZE = 64 * 1024
# A compressed body that unpacks to more than MAX_RATIO times its size, once
# past MAX_RATIO_MIN_SIZE, is a decompression bomb: pages compress 3-20x.
MAX_RATIO = 200
MAX_RATIO_MIN_SIZE = 1_000_000


class FetchError(Exception):
    """A fetch that did not produce a usable page. `code` is a stable slug for
    programs; str() is a sentence a user can read."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class FetchRefused(FetchError):
    """The address is not one the workbench is allowed to reach. Raised before
    any connection is made."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: datetime
    # The address each redirect led to, in order; the last one is final_url.
    redirects: tuple[str, ...]
    sha256: str


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = 10_000_000
    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_redirects: int = 5
    allowed_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    user_agent: str = "FactCheckWorkbench/1.0 (+source verification)"
    # CIDRs exempt from the address check. Only for tests that serve pages
    # from 127.0.0.1; an empty tuple is the only safe production value.
    allow_addresses: tuple[str, ...] = ()


# --- Address rules ---------------------------------------------------------

# Checked before `is_global` so the message can say what the address is.
# Order matters: the first matching range names the reason.
_NAMED_RANGES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/32", "an unspecified address"),
    ("0.0.0.0/8", "a 'this network' address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.169.254/32", "a cloud metadata address"),
    ("169.254.0.0/16", "a link-local address"),
    ("10.0.0.0/8", "a private address"),
    ("172.16.0.0/12", "a private address"),
    ("192.168.0.0/16", "a private address"),
    ("100.64.0.0/10", "a carrier-grade NAT address"),
    ("192.0.0.0/24", "an IETF protocol assignment address"),
    ("192.0.2.0/24", "a documentation address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("224.0.0.0/4", "a multicast address"),
    ("255.255.255.255/32", "a broadcast address"),
    ("240.0.0.0/4", "a reserved address"),
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address"),
    ("fc00::/7", "a unique-local address"),
    ("ff00::/8", "a multicast address"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("2001:2::/48", "a benchmarking address"),
)
_NETWORKS = tuple((ipaddress.ip_network(cidr), reason) for cidr, reason in _NAMED_RANGES)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def check_address(ip: IPAddress) -> str | None:
    """None if the workbench may connect to `ip`, else the reason it may not,
    as a phrase like "127.0.0.1 is a loopback address"."""
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ipaddress.IPv6Address(int(ip))  # drop any %scope before comparing
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            # Judged by the IPv4 address the packets would really reach, so
            # that DNS64 answers for public hosts still work.
            kind = _kind_of(embedded)
            return f"{ip} embeds {embedded}, {kind}" if kind else None
    kind = _kind_of(ip)
    return f"{ip} is {kind}" if kind else None


def _kind_of(ip: IPAddress) -> str | None:
    """What kind of non-public address `ip` is, or None if it is public."""
    for network, kind in _NETWORKS:
        if ip.version == network.version and ip in network:
            return kind
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form carries, if it is one."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    # ::/96 also holds :: and ::1, which the named ranges describe better.
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _refuse_address(ip: IPAddress, allow: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> None:
    if any(ip.version == net.version and ip in net for net in allow):
        return
    reason = check_address(ip)
    if reason:
        raise FetchRefused(f"Refused: {reason}.", code="refused_address")


# --- Host parsing ----------------------------------------------------------

_HOST_NAME = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
# A last label made only of digits (or 0x hex) makes the whole host an IPv4
# literal in browsers and in the C library; a name like that is never DNS.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def parse_host(host: str) -> tuple[str, IPAddress | None]:
    """The host as it goes on the wire (lower-case, punycode, no trailing
    dot) and the IP address it spells, if it is a literal in any spelling."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            ip6 = ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise FetchError(f"{host} is not a valid address.", code="bad_url") from None
        return str(ip6), ip6
    if host.endswith("."):
        host = host[:-1]
    if not host.isascii():
        try:
            host = to_ascii_host(host)
        except UnicodeError:  # idna.IDNAError is one
            raise FetchError(f"{host} is not a valid host name.", code="bad_url") from None
    host = host.lower()
    if not host or not _HOST_NAME.match(host):
        raise FetchError(f"{host or 'An empty host'} is not a valid host name.", code="bad_url")
    if _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        try:
            # inet_aton reads "127.1", "0x7f000001" and "0177.0.0.1" the way
            # the resolver would; the name check above ruled out any garbage
            # it would otherwise ignore.
            packed = socket.inet_aton(host)
        except OSError:
            raise FetchError(f"{host} is not a valid IPv4 address.", code="bad_url") from None
        ip4 = ipaddress.IPv4Address(packed)
        return str(ip4), ip4
    return host, None


def resolve_and_check(
    host: str, port: int, *, resolver: Resolver = socket.getaddrinfo, allow: Iterable[str] = ()
) -> list[str]:
    """Every address `host` stands for, each checked; FetchRefused if any of
    them is not allowed (a name with one public and one private address could
    be steered to the private one). IP literals never reach the resolver."""
    allowed = [ipaddress.ip_network(cidr, strict=False) for cidr in allow]
    name, literal = parse_host(host)
    if literal is not None:
        _refuse_address(literal, allowed)
        return [str(literal)]
    try:
        infos = resolver(name, port, 0, socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(f"Refused: {name} could not be resolved ({exc}).", code="unresolvable") from None
    addresses: list[str] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(raw)
        except ValueError:
            message = f"Refused: {name} resolved to {raw}, which is not an address."
            raise FetchRefused(message, code="unresolvable") from None
        _refuse_address(ip, allowed)
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise FetchRefused(f"Refused: {name} has no addresses.", code="unresolvable")
    return addresses


# --- URLs ------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # wire form, used for the Host header, SNI and certificate
    port: int
    path: str  # path and query, ready for the request line


def _parse_url(url: str) -> _Target:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{url} is not a valid address ({exc}).", code="bad_url") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        shown = f"{scheme}:" if scheme else "an address without http or https"
        message = f"Refused: only http and https addresses can be fetched, not {shown}."
        raise FetchRefused(message, code="refused_scheme")
    if "@" in parts.netloc:
        message = "Refused: addresses with a user name or password cannot be fetched."
        raise FetchRefused(message, code="refused_credentials")
    if not parts.hostname:
        raise FetchError(f"{url} has no host.", code="bad_url")
    if port == 0:
        raise FetchError(f"{url} has no usable port.", code="bad_url")
    host, _ = parse_host(parts.hostname)
    # Non-ASCII and spaces cannot go on the request line as they are.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    port = port if port is not None else DEFAULT_PORTS[scheme]
    return _Target(url=url, scheme=scheme, host=host, port=port, path=path)


# --- Fetching --------------------------------------------------------------


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def error(self) -> FetchError:
        return FetchError(f"The page took longer than {_seconds(self.seconds)}.", code="timeout")


def _connect(ip: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to an address that has already been checked."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((ip, port))
    except BaseException:
        sock.close()
        raise
    return sock


def fetch(
    url: str,
    *,
    policy: FetchPolicy = FetchPolicy(),
    resolver: Resolver = socket.getaddrinfo,
    connector: Connector = _connect,
) -> FetchResult:
    """GET `url` under `policy`, following checked redirects. Raises
    FetchRefused before connecting anywhere not allowed, FetchError for any
    other failure. `connector(ip, port, timeout)` opens the TCP connection."""
    deadline = _Deadline(policy.total_timeout)
    target = _parse_url(url)
    redirects: list[str] = []
    while True:
        response, sock = _request(target, policy, deadline, resolver, connector)
        try:
            status = response.status
            if status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"The server answered {status} but did not say where to go.", code="bad_status")
                if len(redirects) >= policy.max_redirects:
                    message = f"The page redirected more than {policy.max_redirects} times."
                    raise FetchError(message, code="too_many_redirects")
                next_url = urljoin(target.url, _header_text(location).strip())
                redirects.append(next_url)
                target = _parse_url(next_url)
                continue
            if not 200 <= status < 300:
                raise FetchError(f"The server answered {status} {response.reason}".rstrip() + ".", code="bad_status")
            content_type, charset = _declared_type(response, policy)
            _check_length(response, policy)
            body = _read_body(response, sock, policy, deadline)
            if not content_type:
                content_type = _sniff_type(body, policy)
        finally:
            response.close()
            sock.close()
        return FetchResult(
            url=url,
            final_url=target.url,
            status=status,
            content_type=content_type,
            charset=charset,
            body=body,
            fetched_at=datetime.now(UTC),
            redirects=tuple(redirects),
            sha256=hashlib.sha256(body).hexdigest(),
        )


def _request(
    target: _Target, policy: FetchPolicy, deadline: _Deadline, resolver: Resolver, connector: Connector
) -> tuple[http.client.HTTPResponse, _DeadlineSocket]:
    addresses = resolve_and_check(
        target.host, target.port, resolver=_bounded(resolver, deadline), allow=policy.allow_addresses
    )
    sock = _open(target, addresses, policy, deadline, connector)
    # Hand http.client the socket we opened (and for https, wrapped) to the
    # checked address, so it never looks the name up again: a second lookup
    # is what DNS rebinding exploits. The Host header is set below.
    conn = http.client.HTTPConnection(target.host, target.port)
    # Every send and every read (status line, each header line, the body)
    # waits at most until the deadline: a socket timeout alone restarts at
    # each byte, so a server sending one byte a second would never hit it.
    sock = _DeadlineSocket(sock, deadline)
    conn.sock = sock
    host_header = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != DEFAULT_PORTS[target.scheme]:
        host_header += f":{target.port}"
    headers = {
        "Host": host_header,
        "User-Agent": policy.user_agent,
        "Accept": ", ".join(policy.allowed_types) + ", */*;q=0.1",
        "Accept-Encoding": "identity",
        "Connection": "close",
    }
    try:
        sock.settimeout(deadline.remaining())
        conn.request("GET", target.path, headers=headers)
        response = conn.getresponse()
    except FetchError:
        conn.close()
        raise
    except TimeoutError:
        conn.close()
        raise deadline.error() from None
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        message = f"The server at {target.host} sent no usable answer ({_describe(exc)})."
        raise FetchError(message, code="connection_failed") from None
    except ValueError as exc:  # http.client refuses control characters in the path
        conn.close()
        raise FetchError(f"{target.url} is not a valid address ({exc}).", code="bad_url") from None
    # The body is read later from the same socket, under the same deadline.
    return response, sock


class _DeadlineSocket:
    """The few socket methods http.client uses, each bounded by what is
    left of the fetch's deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock = sock
        self.deadline = deadline

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self.deadline.remaining())
        self._sock.sendall(data)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        # The socket's own unbuffered file keeps it open until the response
        # is closed, as http.client expects when it closes the connection.
        return io.BufferedReader(_DeadlineReader(self._sock.makefile("rb", buffering=0), self))

    def settimeout(self, timeout: float | None) -> None:
        self._sock.settimeout(timeout)

    def close(self) -> None:
        self._sock.close()


class _DeadlineReader(io.RawIOBase):
    def __init__(self, raw: io.RawIOBase, sock: _DeadlineSocket) -> None:
        self._raw = raw
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self._sock.settimeout(self._sock.deadline.remaining())
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _bounded(resolver: Resolver, deadline: _Deadline) -> Resolver:
    """`resolver` under the deadline. getaddrinfo cannot be given a timeout,
    so it runs in a daemon thread that is abandoned if it takes too long."""

    def resolve(*args):
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["addresses"] = resolver(*args)
            except BaseException as exc:  # noqa: BLE001 - handed over to the calling thread
                outcome["error"] = exc

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(deadline.remaining())
        if thread.is_alive():
            raise deadline.error()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["addresses"]

    return resolve


def _open(
    target: _Target, addresses: list[str], policy: FetchPolicy, deadline: _Deadline, connector: Connector
) -> socket.socket:
    """A connection (TLS-wrapped for https) to the first checked address that
    answers."""
    failures: list[str] = []
    timed_out = True
    for ip in addresses:
        timeout = min(policy.connect_timeout, deadline.remaining())
        try:
            sock = connector(ip, target.port, timeout)
        except TimeoutError:
            failures.append(f"{ip}: no answer within {_seconds(timeout)}")
            continue
        except OSError as exc:
            failures.append(f"{ip}: {_describe(exc)}")
            timed_out = False
            continue
        if target.scheme == "https":
            return _wrap_tls(sock, target, deadline)
        return sock
    if timed_out:
        raise FetchError(f"{target.host} did not answer within {_seconds(policy.connect_timeout)}.", code="timeout")
    raise FetchError(f"Could not connect to {target.host} ({'; '.join(failures)}).", code="connection_failed")


def _wrap_tls(sock: socket.socket, target: _Target, deadline: _Deadline) -> socket.socket:
    context = ssl.create_default_context()
    try:
        sock.settimeout(deadline.remaining())
        # SNI and the certificate check use the name the user asked for, not
        # the address we connected to.
        return context.wrap_socket(sock, server_hostname=target.host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        message = f"The certificate of {target.host} could not be verified ({exc.verify_message})."
        raise FetchError(message, code="connection_failed") from None
    except TimeoutError:
        sock.close()
        raise deadline.error() from None
    except OSError as exc:
        sock.close()
        message = f"A secure connection to {target.host} failed ({_describe(exc)})."
        raise FetchError(message, code="connection_failed") from None
    except FetchError:
        sock.close()
        raise


def _declared_type(response: http.client.HTTPResponse, policy: FetchPolicy) -> tuple[str, str | None]:
    """The content type and charset the server declared; ("", None) if it
    declared none, which leaves it to sniffing."""
    headers = response.msg  # an email.message.Message, which parses MIME headers
    # Some servers quote the charset in single quotes, which MIME does not know.
    charset = (headers.get_content_charset() or "").strip("\"'") or None
    params = headers.get_params()
    declared = params[0][0].strip() if params else ""
    if not declared:
        return "", charset
    # get_content_type() takes a malformed type ("html") for text/plain, the
    # default of mail; a page that declares one is refused, not read as text.
    content_type = headers.get_content_type() if declared.count("/") == 1 else declared.lower()
    if content_type not in policy.allowed_types:
        raise FetchError(f"Unsupported content type {content_type}.", code="bad_content_type")
    return content_type, charset


def _sniff_type(body: bytes, policy: FetchPolicy) -> str:
    if looks_like_pdf(body):
        content_type = "application/pdf"
    elif looks_like_html(body):
        content_type = "text/html"
    else:
        raise FetchError("The server did not say what type of content it sent.", code="bad_content_type")
    if content_type not in policy.allowed_types:
        raise FetchError(f"Unsupported content type {content_type}.", code="bad_content_type")
    return content_type


def _check_length(response: http.client.HTTPResponse, policy: FetchPolicy) -> None:
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(policy)


def _read_body(
    response: http.client.HTTPResponse, sock: _DeadlineSocket, policy: FetchPolicy, deadline: _Deadline
) -> bytes:
    """The body, read in chunks so that neither the size cap nor the deadline
    waits for the server to finish."""
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"Unsupported content encoding {encoding}.", code="bad_content_type")
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            sock.settimeout(deadline.remaining())
            chunk = response.read1(CHUNK_SIZE)
        except TimeoutError:
            raise deadline.error() from None
        except (OSError, http.client.HTTPException) as exc:
            message = f"The connection broke while reading the page ({_describe(exc)})."
            raise FetchError(message, code="connection_failed") from None
        if not chunk:
            if response.length:  # Content-Length promised more
                raise FetchError("The connection closed before the whole page arrived.", code="connection_failed")
            break
        size += len(chunk)
        if size > policy.max_bytes:
            raise _too_large(policy)
        chunks.append(chunk)
    body = b"".join(chunks)
    if encoding != "identity":
        body = _decompress(body, policy)
    return body


def _decompress(data: bytes, policy: FetchPolicy) -> bytes:
    """Servers may compress although we asked them not to. The body is
    inflated a piece at a time and refused as soon as it passes the size cap
    or a ratio that only a decompression bomb has, so a small compressed
    body never expands in memory beyond either."""
    decoder = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
    pieces: list[bytes] = []
    size = 0
    pending = data
    try:
        while not decoder.eof:
            piece = decoder.decompress(pending, CHUNK_SIZE)
            pending = decoder.unconsumed_tail
            if not piece and not pending:
                break
            size += len(piece)
            if size > policy.max_bytes:
                raise _too_large(policy)
            consumed = len(data) - len(pending)
            if size >= MAX_RATIO_MIN_SIZE and size > MAX_RATIO * max(1, consumed):
                raise FetchError(
                    "The compressed page unpacks to far more data than was sent (a decompression bomb).",
                    code="too_large",
                )
            pieces.append(piece)
    except zlib.error as exc:
        raise FetchError(f"The compressed page could not be decoded ({exc}).", code="bad_content_type") from None
    return b"".join(pieces)


def _header_text(value: str) -> str:
    """http.client reads headers as Latin-1; a Location in UTF-8 (common,
    though not standard) is decoded again as UTF-8."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _too_large(policy: FetchPolicy) -> FetchError:
    return FetchError(f"The response is larger than {_size(policy.max_bytes)}.", code="too_large")


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def _seconds(n: float) -> str:
    return "1 second" if n == 1 else f"{n:g} seconds"


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
