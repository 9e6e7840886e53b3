"""Helpers for the dataset tests: a misbehaving HTTP server, file listings and hashes."""
import hashlib
import http.server
import socket
import threading
import time
from pathlib import Path


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_in(folder):
    """All file names under `folder` (relative, sorted), to check that nothing was left behind."""
    folder = Path(folder)
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


def moved_to(remote, base_url):
    """The same RemoteFile (name, hash, folder) served from `base_url` instead."""
    return type(remote)(remote.fname, f"{base_url}/{remote.fname}", remote.file_hash, remote.cache_subdir)


def link_tree(source, target):
    """Recreates the folder tree `source` at `target` with symlinks to its files."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            link_tree(entry, target / entry.name)
        else:
            (target / entry.name).symlink_to(entry)


class FileServer:
    """A real HTTP server on 127.0.0.1 whose routes misbehave on purpose.

    `add(name, payload, mode)` serves `payload` at `/name`. Modes: "ok"; "drop" (announce
    the full length, send half, close the connection); "drop_once" (drop on the first
    request only); "stall" (send half, then go silent); "missing" (404); "error" (500).
    `requests[name]` counts the requests a route got.
    """

    def __init__(self):
        self.routes = {}
        self.requests = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.handle(self)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def add(self, name, payload, mode="ok"):
        self.routes[name] = (payload, mode)
        self.requests[name] = 0
        return f"{self.base}/{name}"

    def handle(self, handler):
        name = handler.path.lstrip("/")
        if name not in self.routes:
            handler.send_error(404)
            return
        self.requests[name] += 1
        payload, mode = self.routes[name]
        if mode == "missing":
            handler.send_error(404)
            return
        if mode == "error":
            handler.send_error(500)
            return
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        broken = mode == "drop" or (mode == "drop_once" and self.requests[name] == 1)
        if broken or mode == "stall":
            handler.wfile.write(payload[: len(payload) // 2])
            handler.wfile.flush()
            if mode == "stall":
                time.sleep(3)
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        handler.wfile.write(payload)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
