"""TLS for servers and clients: a self-signed certificate made on the spot, the contexts, and plain words.

- A server with the TLS option gets a certificate made when it starts (``cryptography``: an
  ECDSA P-256 key and a self-signed X.509 certificate, valid 30 days, for the names in
  :func:`certificate_names`), cached per set of names for the life of the process, so a
  restarted server starts at once. The certificate (never the key) is written to a file a
  client can trust: ``send --tls --cafile FILE``, or a client's ``tls_ca``.
- The server side is the stdlib's: ``SSLContext.wrap_socket`` on each accepted socket, the
  handshake (``do_handshake``) done on the request's own thread (workbench/server.py).
- The client side is ``ssl.SSLObject`` over two ``ssl.MemoryBIO`` s (:class:`ClientTls`), so
  the client's non-blocking socket stays on the host's asyncio loop (workbench/client.py).
- :func:`client_problem` and :func:`server_problem` turn what OpenSSL reports into message
  codes a student can act on: a wrong host name, an untrusted (self-signed) certificate, a
  plain client at a TLS server, a TLS client at a plain server.

The ``cryptography`` import happens only when a certificate is made (about 50 ms once).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import os
import shutil
import socket
import ssl
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.messages import Message, message

#: How long the server waits for a client to finish its handshake, unless the spec's timeout says.
HANDSHAKE_TIMEOUT = 10.0
#: How a TLS record starts: content type (change_cipher_spec, alert, handshake, data), version 3.x.
_RECORD_TYPES = {20: "change_cipher_spec", 21: "alert", 22: "handshake", 23: "application_data"}
VALID_DAYS = 30
_NOT_TLS = {
    "WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "UNEXPECTED_MESSAGE",
    "HTTP_REQUEST", "HTTPS_PROXY_REQUEST", "UNKNOWN_PROTOCOL", "UNEXPECTED_RECORD", "WRONG_SSL_VERSION",
    "UNSUPPORTED_PROTOCOL", "BAD_PACKET_LENGTH", "RECORD_TOO_LARGE", "LENGTH_MISMATCH",
}  # fmt: skip
_UNTRUSTED = {2, 18, 19, 20, 21, 27}  # X509_V_ERR_*: no issuer, self-signed, not trusted
_MISMATCH = {62, 64}  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
_EXPIRED = {9, 10}  # X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED
_REJECTED_BY_CLIENT = {"TLSV1_ALERT_UNKNOWN_CA", "SSLV3_ALERT_BAD_CERTIFICATE", "SSLV3_ALERT_CERTIFICATE_UNKNOWN"}


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate and its key (PEM), the names it covers, and what making it cost."""

    cert_pem: bytes
    key_pem: bytes
    names: tuple[str, ...]
    sha256: str  # "AB:CD:...", as browsers and openssl x509 -fingerprint show it
    seconds: float


def certificate_names(host: str) -> tuple[str, ...]:
    """The names a server's certificate covers: its host field, exactly as typed.

    A client must then name the server the same way (``127.0.0.1`` is not ``localhost`` to
    TLS), which is the lesson of a hostname check. A server on all interfaces (0.0.0.0, ::)
    is reached by many names: it covers ``localhost``, 127.0.0.1, ::1 and this machine's name.
    """
    if host in ("", "0.0.0.0", "::"):
        names = ["localhost", "127.0.0.1", "::1", socket.gethostname()]
        return tuple(dict.fromkeys(n for n in names if n))
    return (host.split("%", 1)[0],)


@functools.lru_cache(maxsize=32)
def self_signed(names: tuple[str, ...]) -> Certificate:
    """A new key and a self-signed certificate for ``names`` (one per set of names per process)."""
    started = time.perf_counter()
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Socket Workbench (self-signed)"),
        ]
    )
    alternatives: list[x509.GeneralName] = []
    for name in names:
        try:
            alternatives.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternatives.append(x509.DNSName(name))
    now = datetime.now(UTC)
    identifier = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))  # a client whose clock is a little behind
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(x509), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(identifier, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(identifier), critical=False)
        .sign(key, hashes.SHA256())
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    return Certificate(
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        names,
        fingerprint(der),
        time.perf_counter() - started,
    )


def _key_usage(x509: Any) -> Any:
    """Signing only: a server certificate, not a certificate authority."""
    flags = dict.fromkeys(
        ("content_commitment", "key_encipherment", "data_encipherment", "key_agreement", "key_cert_sign",
         "crl_sign", "encipher_only", "decipher_only"),
        False,
    )  # fmt: skip
    return x509.KeyUsage(digital_signature=True, **flags)


def fingerprint(der: bytes) -> str:
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


class ServerTls:
    """One server's TLS: its certificate, a file holding it for clients, and its SSLContext.

    The key never touches a file for longer than loading it takes (``load_cert_chain`` reads
    files only): it is written to a private temporary directory and removed at once.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        started = time.perf_counter()
        self.certificate = self_signed(names)
        self.directory = tempfile.mkdtemp(prefix="wb-tls-")
        self.certificate_path = os.path.join(self.directory, "certificate.pem")
        key_path = os.path.join(self.directory, "key.pem")
        try:
            with open(self.certificate_path, "wb") as file:
                file.write(self.certificate.cert_pem)
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(self.certificate.key_pem)
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(self.certificate_path, key_path)
        except BaseException:
            self.close()
            raise
        finally:
            try:
                os.unlink(key_path)
            except OSError:
                pass
        self.seconds = time.perf_counter() - started  # the whole start-up cost: made (or cached), loaded

    def wrap(self, sock: socket.socket) -> ssl.SSLSocket:
        """The accepted socket as a server-side SSLSocket; the handshake is left for do_handshake()."""
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)

    def info(self) -> dict[str, Any]:
        """What the session, the host's reply and the CLI say about the certificate."""
        return {
            "certificate": self.certificate_path,
            "sha256": self.certificate.sha256,
            "names": list(self.certificate.names),
            "valid_days": VALID_DAYS,
            "seconds": round(self.seconds, 4),
        }

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def send_close_notify(sock: Any) -> None:
    """Say "no more data" in TLS (a close_notify alert) before the TCP shutdown, without waiting.

    ``unwrap()`` on a non-blocking socket sends the alert, then gives up waiting for the peer's
    (SSLWantReadError). Anything wrong (the handshake never finished, the peer is gone) is
    ignored: the connection is being closed anyway.
    """
    if not isinstance(sock, ssl.SSLSocket):
        return
    try:
        sock.setblocking(False)
        sock.unwrap()
    except (ssl.SSLError, OSError, ValueError):
        pass


def handshake_detail(conn: ssl.SSLSocket | ssl.SSLObject) -> dict[str, Any]:
    """The version and cipher the handshake chose (and the peer's certificate, on a client)."""
    cipher = conn.cipher()
    detail: dict[str, Any] = {"version": conn.version()}
    if cipher is not None:
        detail["cipher"], _protocol, detail["bits"] = cipher
    der = conn.getpeercert(binary_form=True)
    if der:
        detail["certificate"] = describe_certificate(der)
    return detail


def describe_certificate(der: bytes) -> dict[str, Any]:
    """Subject, issuer, names and validity of a certificate, as text."""
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    try:
        names = [str(n.value) for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value]
    except x509.ExtensionNotFound:
        names = []
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "names": names,
        "not_after": cert.not_valid_after_utc.isoformat(),
        "self_signed": cert.subject == cert.issuer,
        "sha256": fingerprint(der),
    }


def client_context(verify: bool, cafile: str | None) -> ssl.SSLContext:
    """A client's context: the system's trusted certificates (and ``cafile``'s), or no checks at all."""
    if not verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
        raise WorkbenchError("tls.ca_file", field="tls_ca", path=cafile or "", reason=str(reason)) from None


class ClientTls:
    """A client connection's TLS state: an SSLObject between two memory buffers.

    The caller moves bytes: what :meth:`take_output` returns goes to the socket, what the socket
    gave goes to :meth:`feed` (b"" for end of file). Nothing here touches a socket.
    """

    def __init__(self, context: ssl.SSLContext, server_name: str | None) -> None:
        self.incoming = ssl.MemoryBIO()
        self.outgoing = ssl.MemoryBIO()
        self.server_name = server_name
        self.conn = context.wrap_bio(self.incoming, self.outgoing, server_side=False, server_hostname=server_name)
        self.closing = False  # close_notify sent

    def feed(self, data: bytes) -> None:
        if data:
            self.incoming.write(data)
        else:
            self.incoming.write_eof()

    def take_output(self) -> bytes:
        return self.outgoing.read()

    def read(self, bufsize: int) -> bytes | None:
        """Plaintext, b"" at the end (close_notify, or the peer just closed), None: feed me more."""
        try:
            return self.conn.read(bufsize)
        except ssl.SSLWantReadError:
            return None
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            return b""

    def close_notify(self) -> None:
        """Put a close_notify alert in the output (once)."""
        if self.closing:
            return
        self.closing = True
        try:
            self.conn.unwrap()
        except (ssl.SSLWantReadError, ssl.SSLError):
            pass  # sent; the peer's answer is not waited for


def looks_like_tls(data: bytes) -> str | None:
    """The record type if ``data`` starts like a TLS record (a plain client got TLS back), else None."""
    if len(data) >= 5 and data[0] in _RECORD_TYPES and data[1] == 3 and data[2] <= 4:
        return _RECORD_TYPES[data[0]]
    return None


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", "") or "")


def client_problem(exc: BaseException, server_name: str | None, verify: bool) -> WorkbenchError:
    """Why a client's handshake failed, in plain words, under the setting to change."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code
        if code in _MISMATCH:
            return WorkbenchError("tls.wrong_name", field="host", name=server_name or "")
        if code in _UNTRUSTED:
            return WorkbenchError("tls.untrusted", field="tls_verify", reason=exc.verify_message)
        if code in _EXPIRED:
            return WorkbenchError("tls.expired", field="tls_verify", reason=exc.verify_message)
        return WorkbenchError("tls.verify_failed", field="tls_verify", reason=exc.verify_message)
    if isinstance(exc, ssl.SSLEOFError) or isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return WorkbenchError("tls.not_tls_closed", field="tls")
    if isinstance(exc, ssl.SSLError):
        if _reason(exc) in _NOT_TLS:
            return WorkbenchError("tls.not_tls", field="tls", reason=_reason(exc))
        return WorkbenchError("tls.failed", field="tls", reason=_reason(exc) or str(exc))
    return WorkbenchError("tls.failed", field="tls", reason=str(exc) or type(exc).__name__)


def server_problem(exc: BaseException) -> Message:
    """Why a server's handshake with a client failed, as a catalogued message."""
    reason = _reason(exc)
    if isinstance(exc, TimeoutError):
        return message("tls.server.timeout")
    if isinstance(exc, ssl.SSLEOFError) or isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return message("tls.server.closed")
    if reason in _NOT_TLS:
        return message("tls.server.plain_client", reason=reason)
    if reason in _REJECTED_BY_CLIENT:
        return message("tls.server.rejected", reason=reason)
    return message("tls.server.failed", reason=reason or str(exc) or type(exc).__name__)


# -- the client's side, driven by workbench/client.py's non-blocking socket ----------------------

#: Plaintext encrypted per step of a large write, so the encrypted copy in memory stays small.
WRITE_PIECE = 1 << 18


async def handshake(
    conn: ClientTls, receive: Callable[[], Awaitable[bytes]], send: Callable[[bytes], Awaitable[None]]
) -> None:
    """``do_handshake()`` until done: what it wants sent goes out, what arrives goes in.

    An SSLError (a certificate the client refuses, a reply that is not TLS) propagates; the alert
    that tells the server why is then in ``conn.take_output()``.
    """
    while True:
        try:
            conn.conn.do_handshake()
            break
        except ssl.SSLWantReadError:
            pending = conn.take_output()
            if pending:
                await send(pending)
            conn.feed(await receive())
    pending = conn.take_output()
    if pending:
        await send(pending)


async def write(conn: ClientTls, data: bytes, send: Callable[[bytes], Awaitable[None]]) -> None:
    """Encrypt ``data`` and send it, a piece at a time."""
    view = memoryview(data)
    for start in range(0, len(view), WRITE_PIECE):
        piece = view[start : start + WRITE_PIECE]
        done = 0
        while done < len(piece):
            done += conn.conn.write(piece[done:])
        await send(conn.take_output())


def reader(conn: ClientTls, sock: socket.socket, bufsize: int) -> Callable[[], bytes]:
    """A non-blocking read of plaintext: raises BlockingIOError while a whole record has not arrived."""

    def read() -> bytes:
        while True:
            data = conn.read(bufsize)
            if data is not None:
                return data
            conn.feed(sock.recv(65536))  # BlockingIOError: wait until the socket is readable

    return read


def discard_unread(sock: socket.socket) -> None:
    """Read and drop what a failed handshake left unread, without waiting.

    Closing a socket with unread bytes makes the kernel answer with a reset; a plain client
    that sent a line to a TLS server then sees "connection reset" instead of an orderly close.
    """
    try:
        sock.setblocking(False)  # with a timeout set, recv would wait for more instead of failing at once
        while socket.socket.recv(sock, 65536):  # the plain bytes under the SSLSocket
            pass
    except (OSError, ValueError):
        pass
