"""Helpers of the playground tests: a JSON client for the server API, waiting for a condition."""
import json
import time
import urllib.error
import urllib.request


class Client:
    def __init__(self, base):
        self.base = base

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    def post(self, path, body=None):
        return self.request("POST", path, body if body is not None else {})

    def get(self, path):
        return self.request("GET", path)

    def events(self, session_id):
        """An iterator over the session's server-sent events (parsed JSON), and the response."""
        response = urllib.request.urlopen(f"{self.base}/api/sessions/{session_id}/events", timeout=30)

        def iterate():
            for line in response:
                line = line.decode().rstrip("\n")
                if line.startswith("data: "):
                    yield json.loads(line[6:])

        return iterate(), response


def wait_for(condition, timeout=20.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting for a condition")
