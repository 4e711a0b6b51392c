"""Several server processes, each on a listening socket of its own, so Linux spreads connections evenly.

uvicorn's `--workers` binds one socket in its supervisor and shares it, and the
process that happens to wait in accept takes the next connection. Under the verify
page's load (50 keep-alive connections, two processes) the two held 36 and 14, 35
and 15, 33 and 17 connections (ss), and the busier one set the p95. With a socket
per process bound with SO_REUSEPORT, the kernel hashes each new connection to one
of them: 26 and 24, 22 and 28, 23 and 27. uvicorn has no option for this, so this
small supervisor starts one single-process uvicorn per socket (`--fd`), starts
again one that dies, and stops them all on SIGINT or SIGTERM. Hand-written because
neither uvicorn nor gunicorn (whose `reuse_port` still shares one socket) gives
each process its own.
"""

import signal
import socket
import subprocess
import sys
import time

#: How long a stopping server process may take to finish its requests.
STOP_SECONDS = 10
#: A process that died is started again after this pause, so a crash loop cannot spin.
RESTART_PAUSE = 1.0


def available() -> bool:
    """Whether this system balances SO_REUSEPORT sockets (Linux does; others may not)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port that other processes' sockets may share, kernel-balanced."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run(command_for_fd, *, host: str, port: int, processes: int) -> int:
    """Serve on host:port with `processes` servers, each started as `command_for_fd(fd)`."""
    sockets = [listening_socket(host, port) for _number in range(processes)]

    def start(sock: socket.socket) -> subprocess.Popen:
        fd = sock.fileno()
        return subprocess.Popen(command_for_fd(fd), pass_fds=[fd])

    children = [start(sock) for sock in sockets]
    stopping = []

    def stop(_signum, _frame) -> None:
        stopping.append(True)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping:
            for index, child in enumerate(children):
                if child.poll() is not None and not stopping:
                    print(
                        f"server process {child.pid} ended ({child.returncode}); starting another",
                        file=sys.stderr,
                    )
                    time.sleep(RESTART_PAUSE)
                    children[index] = start(sockets[index])
            time.sleep(0.2)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _stop(children)
        for sock in sockets:
            sock.close()
    return 0


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
