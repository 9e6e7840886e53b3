"""A real playground server on 127.0.0.1 (uvicorn on a thread), for the playground tests."""
import socket
import threading
import time

import pytest
from playground_helpers import Client


@pytest.fixture
def server():
    """Yields (client, app) of a playground served on a free port; shuts it down afterwards."""
    import uvicorn

    from numkeras.playground.server import create_app

    app = create_app()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the playground server did not start"
        time.sleep(0.05)
    yield Client(f"http://127.0.0.1:{port}"), app
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
