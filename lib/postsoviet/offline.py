"""A guard that refuses network access, so tests and batch runs prove they are offline.

Notebooks and tests must never depend on the network. Rather than trust that, the test
suite and the batch runner set POSTSOVIET_OFFLINE=1; `guard()` then makes any attempt to
reach anything but this machine fail at once with a sentence saying why. It covers the
socket layer every Python client goes through: `connect` and `connect_ex` (TCP, and UDP
"connections"), `sendto` and `sendmsg` (UDP datagrams to an address), and name lookups
(`getaddrinfo`, which would send a DNS query). `guard(children=True)`, installed by the
batch runner when each kernel starts (before any notebook code), also refuses to start
child processes (`curl`, `wget`, a second Python), which this guard could not watch.
"""

import ipaddress
import os
import socket
import subprocess
from pathlib import Path

ENV = "POSTSOVIET_OFFLINE"
# Run by each batch kernel at start (IPKernelApp.exec_lines), before any notebook cell.
KERNEL_STARTUP = (
    "import postsoviet.offline as _offline; _offline.guard(children=True); del _offline; "
    "import postsoviet.params as _params; _params.one_sentence_errors(); del _params"
)

_socket = socket.socket
_original = {
    "connect": _socket.connect,
    "connect_ex": _socket.connect_ex,
    "sendto": _socket.sendto,
    "sendmsg": _socket.sendmsg,
    "getaddrinfo": socket.getaddrinfo,
}
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkDisabled(OSError):
    """Raised for a network access attempt while the collection runs offline."""


def _refuse(what: str) -> NetworkDisabled:
    return NetworkDisabled(
        f"Network access is disabled ({ENV}=1): refused {what}; "
        "notebooks and tests must run from the shipped data."
    )


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple) or not address:  # Unix sockets stay on this machine
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a host name: it would be resolved, and the answer is not ours to trust


def _host(address: object) -> str:
    return str(address[0]) if isinstance(address, tuple) and address else str(address)


def _guarded_connect(sock: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise _refuse(f"a connection to {_host(address)}")
    return _original["connect"](sock, address)


def _guarded_connect_ex(sock: socket.socket, address: object) -> int:
    if not _is_local(address):
        raise _refuse(f"a connection to {_host(address)}")
    return _original["connect_ex"](sock, address)


def _guarded_sendto(sock: socket.socket, data, *rest) -> int:
    address = rest[-1] if rest else None
    if not _is_local(address):
        raise _refuse(f"a datagram to {_host(address)}")
    return _original["sendto"](sock, data, *rest)


def _guarded_sendmsg(sock: socket.socket, buffers, *rest) -> int:
    address = rest[2] if len(rest) > 2 else None
    if address is not None and not _is_local(address):
        raise _refuse(f"a datagram to {_host(address)}")
    return _original["sendmsg"](sock, buffers, *rest)


def _guarded_getaddrinfo(host, *args, **kwargs):
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    if name is not None and not _is_local((name,)) and name != socket.gethostname():
        try:
            ipaddress.ip_address(str(name).split("%", 1)[0])  # a literal address: no lookup
        except ValueError:
            raise _refuse(f"a name lookup of {name}") from None
    return _original["getaddrinfo"](host, *args, **kwargs)


def _refuse_children(*args, **kwargs):
    program = args[0] if args else kwargs.get("args", kwargs.get("path", "?"))
    if isinstance(program, list | tuple) and program:
        program = program[0]
    words = os.fsdecode(program).split() if isinstance(program, str | bytes) else []
    name = Path(words[0]).name if words else "?"
    raise _refuse(f"to start the child process `{name}`, which this guard cannot watch")


def _guarded_execute_child(self, args, *rest, **kwargs):
    _refuse_children(args)


_CHILD_STARTERS = (
    "system",
    "posix_spawn",
    "posix_spawnp",
    "execv",
    "execve",
    "execvp",
    "execvpe",
    "fork",
    "forkpty",
)


def guard(children: bool = False) -> None:
    """Refuse non-local network access in this process when POSTSOVIET_OFFLINE=1.

    With `children`, also refuse to start child processes (kernels in a batch run: the
    test process itself must start kernels and workers, so it does not ask for this).
    """
    if os.environ.get(ENV) != "1":
        return
    _socket.connect = _guarded_connect
    _socket.connect_ex = _guarded_connect_ex
    _socket.sendto = _guarded_sendto
    _socket.sendmsg = _guarded_sendmsg
    socket.getaddrinfo = _guarded_getaddrinfo
    if children:
        subprocess.Popen._execute_child = _guarded_execute_child
        for name in _CHILD_STARTERS:
            if hasattr(os, name):
                setattr(os, name, _refuse_children)
