"""The IP addresses and ports each conversation is shown with: as recorded, made distinct, or synthesized.

- ``inet``/``inet6`` conversations keep their real addresses and ports, except when client and
  server share one host (loopback: both 127.0.0.1): Wireshark's flow graph and conversation
  list key on addresses, so the client is shown on another address of its own, from
  127.0.0.2 on (the rest of 127.0.0.0/8 is loopback too) or, for IPv6, from
  ``fd53:5700::1`` on (a unique-local block picked for this; ::1 is the only IPv6 loopback).
  One client keeps one address: by the conversation's ``label``, else by its address and port.
- ``unix`` conversations have no IP addresses at all. They are shown as IPv4 in the
  benchmarking block 198.18.0.0/15 (RFC 2544), which never appears on a real network, so it
  cannot be mistaken for, or collide with, a real host in the same file: each socket path of a
  server gets an address in 198.18.0.0/16 (port 50000), each client an address in
  198.19.0.0/16 (ports from 50001), one per connection unless a label or a bound path says it is
  the same client. The mapping goes into the comments.
- Addresses already used for real (see :meth:`AddressMap.reserve`) are never handed out.
"""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from workbench.pcapng.model import Conversation, Endpoint, IPAddress

REWRITE_V4 = ipaddress.ip_network("127.0.0.0/8")
REWRITE_V6 = ipaddress.ip_network("fd53:5700::/32")
UNIX_SERVERS = ipaddress.ip_network("198.18.0.0/16")
UNIX_CLIENTS = ipaddress.ip_network("198.19.0.0/16")
UNIX_SERVER_PORT = 50000
UNIX_CLIENT_PORT = 50001  # Wireshark registers no dissector on 50000-50100, so none guesses wrong


class Ends(NamedTuple):
    """The packed addresses and ports of a conversation's packets, and a note if they were changed."""

    client: bytes
    client_port: int
    server: bytes
    server_port: int
    note: str


class _Pool:
    """Addresses of a network handed out in order, skipping reserved ones; it starts over when used up."""

    def __init__(
        self, network: ipaddress.IPv4Network | ipaddress.IPv6Network, reserved: set[IPAddress]
    ) -> None:
        self._network = network
        self._reserved = reserved
        self._offset = 1
        self.rounds = 0  # how many times the pool started over

    def take(self) -> IPAddress:
        size = self._network.num_addresses
        for _ in range(min(size, 1 << 20)):
            offset, self._offset = self._offset, self._offset % (size - 2) + 1
            self.rounds += self._offset == 1
            address = self._network[offset]
            low_byte = int(address) & 0xFF
            if address in self._reserved or (address.version == 4 and low_byte in (0, 255)):
                continue
            return address
        raise RuntimeError(f"no free address left in {self._network}")


def _show(ip: IPAddress, port: int) -> str:
    return f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"


class AddressMap:
    """Hands out the shown addresses; one per export, so the choices stay consistent across it."""

    def __init__(self) -> None:
        self._reserved: set[IPAddress] = {ipaddress.ip_address("127.0.0.1")}
        self._v4 = _Pool(REWRITE_V4, self._reserved)  # 127.0.0.1 is reserved: rewrites start at .2
        self._v6 = _Pool(REWRITE_V6, self._reserved)
        self._unix_server_pool = _Pool(UNIX_SERVERS, self._reserved)
        self._unix_client_pool = _Pool(UNIX_CLIENTS, self._reserved)
        self._clients: dict[tuple[object, ...], IPAddress] = {}
        self._unix_servers: dict[str, IPAddress] = {}
        self._next_port: dict[IPAddress, int] = {}

    def reserve(self, endpoint: Endpoint | None) -> None:
        """Keep a real address of the export out of the addresses handed out."""
        if endpoint is not None and endpoint.family != "unix":
            self._reserved.add(endpoint.ip())

    def unix_server(self, path: str) -> tuple[IPAddress, int]:
        """The address and port a Unix server's socket path is shown as."""
        if path not in self._unix_servers:
            self._unix_servers[path] = self._unix_server_pool.take()
        return self._unix_servers[path], UNIX_SERVER_PORT

    def ends(self, conversation: Conversation) -> Ends:
        """Where ``conversation`` is shown to come from and go to."""
        if conversation.server.family == "unix":
            return self._unix_ends(conversation)
        client, server = conversation.client, conversation.server
        client_ip, server_ip = client.ip(), server.ip()
        notes = []
        if server_ip.is_unspecified:
            server_ip = ipaddress.ip_address("127.0.0.1" if server_ip.version == 4 else "::1")
            notes.append(f"server {server.label()} shown as {_show(server_ip, server.port)}")
        if client_ip == server_ip or client_ip.is_unspecified:
            key = ("inet", client_ip.version, conversation.label or (client.host, client.port))
            if key not in self._clients:
                self._clients[key] = self._rewrite(client_ip)
            client_ip = self._clients[key]
            notes.append(
                f"client {client.label()} shown as {_show(client_ip, client.port)}"
                " (on the server's host; a distinct address keeps the two ends apart)"
            )
        return Ends(client_ip.packed, client.port, server_ip.packed, server.port, "; ".join(notes))

    def _rewrite(self, ip: IPAddress) -> IPAddress:
        if ip.version == 4:
            return self._v4.take()
        assert isinstance(ip, ipaddress.IPv6Address)
        if ip.ipv4_mapped is not None:  # a dual-stack server's view of an IPv4 client
            return ipaddress.IPv6Address(b"\0" * 10 + b"\xff\xff" + self._v4.take().packed)
        return self._v6.take()

    def _unix_ends(self, conversation: Conversation) -> Ends:
        client, server = conversation.client, conversation.server
        server_ip, server_port = self.unix_server(server.path)
        key = ("unix", conversation.label) if conversation.label else ("unix-path", client.path)
        if not conversation.label and not client.path:
            # An unnamed client: a fresh address for the connection, nothing kept. Once the pool
            # starts over, the port moves on so that no two connections share address and port.
            client_ip = self._unix_client_pool.take()
            client_port = UNIX_CLIENT_PORT + self._unix_client_pool.rounds % (65536 - UNIX_CLIENT_PORT)
        else:
            if key not in self._clients:
                self._clients[key] = self._unix_client_pool.take()
            client_ip = self._clients[key]
            client_port = self._next_port.get(client_ip, UNIX_CLIENT_PORT)
            self._next_port[client_ip] = max(UNIX_CLIENT_PORT, (client_port + 1) % 65536)
        note = (
            f"AF_UNIX: server {server.label()} shown as {_show(server_ip, server_port)},"
            f" client {client.label()} as {_show(client_ip, client_port)}"
        )
        return Ends(client_ip.packed, client_port, server_ip.packed, server_port, note)
