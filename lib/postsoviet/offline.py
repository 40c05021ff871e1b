"""A guard that refuses network connections, so tests and batch runs prove they are offline.

Notebooks and tests must never depend on the network. Rather than trust that, the test
suite and the batch runner set POSTSOVIET_OFFLINE=1; `guard()` then makes any attempt to
connect anywhere but this machine fail at once with a sentence saying why.
"""

import ipaddress
import os
import socket

ENV = "POSTSOVIET_OFFLINE"
_original_connect = socket.socket.connect


class NetworkDisabled(OSError):
    """Raised for a connection attempt while the collection runs offline."""


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):  # Unix sockets and the like stay on this machine
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(sock: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise NetworkDisabled(
            f"Network access is disabled ({ENV}=1): refused a connection to {address[0]}; "
            "notebooks and tests must run from the shipped data."
        )
    _original_connect(sock, address)


def guard() -> None:
    """Refuse non-local connections in this process when POSTSOVIET_OFFLINE=1."""
    if os.environ.get(ENV) == "1":
        socket.socket.connect = _guarded_connect
