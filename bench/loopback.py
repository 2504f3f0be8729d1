"""Loopback helpers for the bench scripts and the tests that start real servers."""

import socket
import time

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, attempts: int = 100, interval: float = 0.2) -> bool:
    """Poll until something accepts connections on ``port``; False when it never did."""
    for _ in range(attempts):
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return True
        except OSError:
            time.sleep(interval)
    return False
