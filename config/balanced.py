"""Several server processes, each on a listening socket of its own, so Linux spreads connections evenly.

uvicorn's `--workers` binds one socket in its supervisor and shares it, and the
process that happens to wait in accept takes the next connection. Under the verify
page's load (50 keep-alive connections, two processes) the two held 36 and 14, 35
and 15, 33 and 17 connections (ss), and the busier one set the p95. With a socket
per process bound with SO_REUSEPORT, the kernel hashes each new connection to one
of them: 26 and 24, 22 and 28, 23 and 27. uvicorn has no option for this, so this
small supervisor starts one single-process uvicorn per socket (`--fd`), replaces
one that dies, and stops them all on SIGINT, SIGTERM or SIGHUP. Hand-written
because neither uvicorn nor gunicorn (whose `reuse_port` still shares one socket)
gives each process its own.
"""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

#: How long a stopping server process may take to finish its requests.
STOP_SECONDS = 10
#: A process that died is started again after this pause, so a crash loop cannot spin.
RESTART_PAUSE = 1.0
#: uvicorn's exit code when it could not start at all (a bad option, a bad key file):
#: starting it again would fail the same way, so everything stops instead.
STARTUP_FAILURE = 3
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def available() -> bool:
    """Whether this system balances SO_REUSEPORT sockets (Linux does; others may not)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def refuse_if_taken(host: str, port: int) -> None:
    """Stop if anything listens on host:port already, another balanced server included.

    SO_REUSEPORT would let a second server (or one left running) share the port
    silently; a socket without it cannot bind beside one, so it tells.
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise SystemExit(f"{host}:{port} is in use already ({error.strerror})") from None


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port that other processes' sockets may share, kernel-balanced."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _end_with_parent(parent: int):
    """In the child before exec: be sent SIGTERM when the supervisor dies, even by SIGKILL."""

    def prepare() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # it died before prctl took effect
            os._exit(1)

    return prepare


class _Supervisor:
    """The sockets, their processes, and whether a stop was asked for."""

    def __init__(self, command_for_fd, host: str, port: int) -> None:
        self.command_for_fd, self.host, self.port = command_for_fd, host, port
        self.stopping = False

    def stop(self, _signum, _frame) -> None:
        self.stopping = True

    def start(self, sock: socket.socket) -> subprocess.Popen:
        fd = sock.fileno()
        return subprocess.Popen(
            self.command_for_fd(fd), pass_fds=[fd], preexec_fn=_end_with_parent(os.getpid())
        )

    def replace(self, sock: socket.socket) -> socket.socket:
        """A new socket for a process that died; the kernel stops sending the old one connections."""
        sock.close()
        time.sleep(RESTART_PAUSE)
        return listening_socket(self.host, self.port)


def run(command_for_fd, *, host: str, port: int, processes: int) -> int:
    """Serve on host:port with `processes` servers, each started as `command_for_fd(fd)`."""
    refuse_if_taken(host, port)
    supervisor = _Supervisor(command_for_fd, host, port)
    # Before any child starts, and kept until all have stopped: a signal meanwhile
    # must not kill this process and leave the children serving.
    previous = {number: signal.signal(number, supervisor.stop) for number in _STOP_SIGNALS}
    sockets = [listening_socket(host, port) for _number in range(processes)]
    children = []
    exit_code = 0
    try:
        children = [supervisor.start(sock) for sock in sockets]
        while not supervisor.stopping:
            for index, child in enumerate(children):
                if child.poll() is None or supervisor.stopping:
                    continue
                print(f"server process {child.pid} ended ({child.returncode})", file=sys.stderr)
                if child.returncode == STARTUP_FAILURE:
                    supervisor.stopping, exit_code = True, STARTUP_FAILURE
                    break
                sockets[index] = supervisor.replace(sockets[index])
                if not supervisor.stopping:
                    children[index] = supervisor.start(sockets[index])
            time.sleep(0.2)
    finally:
        _stop(children)
        for sock in sockets:
            sock.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return exit_code


def _stop(children: list[subprocess.Popen]) -> None:
    """Ask every process to finish its requests and stop; end those that take too long."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
