"""Starting the web server: bind the address first (so a taken port is a one-line error,
and ``--port 0`` can say which port it got), then hand the socket to uvicorn."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import uvicorn

from search.web import ServeError
from search.web.app import LOOPBACK_HOSTS, create_app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)  # connections wait from now on, before uvicorn has started
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --host or --port") from None
    return sock


def serve(data_dir: Path, host: str, port: int) -> int:
    """Serve ``data_dir`` read-only until interrupted."""
    if not Path(data_dir).is_dir():
        raise ServeError(f"no data directory at {data_dir}; run `scrapy crawl news` first or give --data DIR")
    sock = _bind(host, port)
    loopback = is_loopback(host)
    app = create_app(data_dir, allowed_hosts=LOOPBACK_HOSTS if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    print(f"newssearch: serving {data_dir} at http://{shown}:{sock.getsockname()[1]}/ (read-only; Ctrl-C to stop)",
          flush=True)
    if not loopback:
        print("newssearch: warning: not a loopback address; anyone who can reach it can read the whole archive",
              file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])
    return 0
