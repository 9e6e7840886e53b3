"""The playground's HTTP API on a real uvicorn server: sessions, bad input, streaming, cleanup."""
import json
import os
import subprocess
import sys
import time
import urllib.request

import numpy as np
from playground_helpers import wait_for


def _new(client, **values):
    status, body = client.post("/api/sessions", values)
    assert status == 200, body
    return body["id"]


def _epochs(app, session_id):
    return len(app.state.registry.get(session_id).history["loss"])


def test_page_and_static_files_are_served(server):
    client, _ = server
    html = urllib.request.urlopen(client.base + "/").read().decode()
    for name in ("dataset", "activation", "initializer", "learning-rate", "batch-size", "play", "pause",
                 "step", "reset", "epoch", "loss-train", "loss-test", "boundary"):
        assert f'data-test="{name}"' in html
    script = urllib.request.urlopen(client.base + "/static/app.js").read().decode()
    assert "EventSource" in script and "http" not in script.replace("http://", "")  # nothing fetched from afar
    status, options = client.get("/api/options")
    assert status == 200 and "relu" in options["activations"] and "zeros" in options["initializers"]


def test_new_session_shows_its_code(server):
    client, _ = server
    status, body = client.post("/api/sessions", {"dataset": "circle", "hidden": [4, 3], "activation": "relu"})
    assert status == 200
    assert body["config"]["hidden"] == [4, 3]
    assert 'keras.layers.Dense(4, activation="relu"' in body["code"]
    assert 'make_dataset("circle"' in body["code"]


def test_bad_input_gets_a_message_per_control(server):
    client, _ = server
    sid = _new(client)
    cases = [({"learning_rate": 0}, "learning_rate", "(0, 10]"),
             ({"learning_rate": "fast"}, "learning_rate", "must be a number, got 'fast'"),
             ({"hidden": [8, 0]}, "hidden", "units of hidden layer 2"),
             ({"hidden": [2] * 7}, "hidden", "at most 6"),
             ({"batch_size": "500"}, "batch_size", "at most the 200 training samples"),
             ({"batch_size": "0"}, "batch_size", "batch size must be in [1"),
             ({"dropout": 1}, "dropout", "[0, 1)"),
             ({"activation": "wiggle"}, "activation", "one of sigmoid"),
             ({"bogus": 1}, "bogus", "unknown control")]
    for values, field, text in cases:
        status, body = client.post(f"/api/sessions/{sid}/config", values)
        assert status == 422, values
        assert text in body["errors"][field], body
    # Nothing bad was applied.
    status, body = client.post(f"/api/sessions/{sid}/config", {})
    assert body["config"]["learning_rate"] == 0.03 and body["config"]["hidden"] == [8, 8]
    assert client.post(f"/api/sessions/{sid}/control", {"action": "fly"})[0] == 422
    status, body = client.request("POST", f"/api/sessions/{sid}/config", None)
    assert status == 200  # an empty body changes nothing
    assert client.post("/api/sessions/nope/control", {"action": "play"})[0] == 404
    assert client.post("/api/sessions", {"learning_rate": -1})[0] == 422


def test_play_pause_step_reset(server):
    client, app = server
    sid = _new(client, dataset="xor", activation="relu")
    assert client.post(f"/api/sessions/{sid}/control", {"action": "play"})[1]["state"] in ("running", "building")
    wait_for(lambda: _epochs(app, sid) >= 5)
    client.post(f"/api/sessions/{sid}/control", {"action": "pause"})
    time.sleep(0.3)
    held = _epochs(app, sid)
    time.sleep(0.7)
    assert _epochs(app, sid) == held
    client.post(f"/api/sessions/{sid}/control", {"action": "step"})
    wait_for(lambda: app.state.registry.get(sid).state == "paused" and _epochs(app, sid) == held + 1)
    time.sleep(0.3)
    assert _epochs(app, sid) == held + 1
    client.post(f"/api/sessions/{sid}/control", {"action": "reset"})
    wait_for(lambda: app.state.registry.get(sid).state == "paused")
    assert _epochs(app, sid) == 0


def test_live_and_rebuilding_changes(server):
    client, app = server
    sid = _new(client)
    client.post(f"/api/sessions/{sid}/control", {"action": "play"})
    wait_for(lambda: _epochs(app, sid) >= 3)
    status, body = client.post(f"/api/sessions/{sid}/config", {"learning_rate": "0.2"})
    assert status == 200 and body["applied"] == "live" and "learning_rate=0.2" in body["code"]
    session = app.state.registry.get(sid)
    wait_for(lambda: abs(float(np.asarray(session.model.optimizer.learning_rate.value)) - 0.2) < 1e-7)
    before = _epochs(app, sid)
    assert client.post(f"/api/sessions/{sid}/config", {"batch_size": "all"})[1]["applied"] == "live"
    wait_for(lambda: _epochs(app, sid) > before + 2)  # training goes on, full batch now
    assert client.post(f"/api/sessions/{sid}/config", {"activation": "sigmoid"})[1]["applied"] == "reset"
    wait_for(lambda: session.state == "paused" and _epochs(app, sid) == 0)


def test_diverging_run_stops_with_a_message(server):
    client, app = server
    sid = _new(client, activation="relu", initializer="large_normal", learning_rate=10, momentum=0.99,
               hidden=[32, 32, 32])
    client.post(f"/api/sessions/{sid}/control", {"action": "play"})
    session = app.state.registry.get(sid)
    wait_for(lambda: session.state == "diverged")
    assert "diverged" in session.message and "learning rate" in session.message
    status, body = client.post(f"/api/sessions/{sid}/control", {"action": "play"})
    assert status == 409 and "reset" in body["errors"]["action"]


def test_stream_sends_throttled_snapshots_and_closing_it_frees_the_session(server):
    client, app = server
    sid = _new(client, dataset="gaussians")
    events, response = client.events(sid)
    first = next(events)
    while first["build"] == 0 or "data" not in first:
        first = next(events)
    assert len(first["data"]["train"]) == 200 and first["boundary"]["size"] > 0
    client.post(f"/api/sessions/{sid}/control", {"action": "play"})
    start, seen = time.monotonic(), []
    for snap in events:
        seen.append(snap)
        if snap["epoch"] >= 20 and len(seen) >= 4:
            break
    elapsed = time.monotonic() - start
    assert len(seen) <= elapsed / 0.1 + 2  # throttled: at most ~10 events a second
    assert "data" not in seen[-1]  # the points are sent once per build
    curve = []
    for snap in [first] + seen:
        curve = curve[:snap["from_epoch"]] + snap["history"]["loss"]
    assert len(curve) == seen[-1]["epoch"] and curve[-1] < curve[0]
    assert len(seen[-1]["grad_norms"][-1]) == 3  # two hidden layers and the output
    assert len(seen[-1]["weights"]) == 3 and len(seen[-1]["neurons"]) == 2
    response.close()
    wait_for(lambda: sid not in app.state.registry.sessions)
    assert client.post(f"/api/sessions/{sid}/control", {"action": "play"})[0] == 404


def test_close_beacon_and_idle_sessions_are_freed(server, monkeypatch):
    from numkeras.playground import server as server_module

    client, app = server
    sid = _new(client)
    thread = app.state.registry.get(sid)._thread
    assert client.post(f"/api/sessions/{sid}/close")[0] == 204
    assert sid not in app.state.registry.sessions and not thread.is_alive()
    idle = _new(client)
    monkeypatch.setattr(server_module, "IDLE_TIMEOUT", 0.0)
    time.sleep(0.05)
    _new(client)  # creating a session reaps the idle ones
    assert idle not in app.state.registry.sessions


def test_mnist_subset_from_the_cache_and_a_message_when_absent(server, tmp_path, monkeypatch):
    client, app = server
    monkeypatch.setenv("NUMKERAS_HOME", str(tmp_path / "numkeras"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    status, body = client.post("/api/sessions", {"dataset": "mnist"})
    assert status == 422 and "mnist.npz" in body["errors"]["dataset"] and "load_data" in body["errors"]["dataset"]
    # A stand-in file of MNIST's layout: labels follow the mean brightness of the image.
    rng = np.random.default_rng(0)
    (tmp_path / "numkeras" / "datasets").mkdir(parents=True)
    labels = rng.integers(0, 10, 3000).astype(np.uint8)
    images = (rng.random((3000, 28, 28)) * 25 * (labels[:, None, None] + 1)).astype(np.uint8)
    np.savez(tmp_path / "numkeras" / "datasets" / "mnist.npz", x_train=images[:2500], y_train=labels[:2500],
             x_test=images[2500:], y_test=labels[2500:])
    sid = _new(client, dataset="mnist", hidden=[16], batch_size="32", optimizer="adam", learning_rate=0.01)
    session = app.state.registry.get(sid)
    client.post(f"/api/sessions/{sid}/control", {"action": "step"})
    wait_for(lambda: session.state == "paused" and _epochs(app, sid) == 1, timeout=60)
    snap = session.view(0, -1)
    confusion = np.array(snap["mnist"]["confusion"])
    assert confusion.shape == (10, 10) and confusion.sum() == 500
    assert len(snap["neurons"][0]["images"]) == 16 and snap["neurons"][0]["size"] == 28
    assert "sparse_categorical_crossentropy" in snap["code"]


def _run_cli(args, timeout=30):
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    process = subprocess.Popen([sys.executable, "-m", "numkeras", "playground", *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process


def test_command_prints_its_address_and_serves(tmp_path):
    process = _run_cli(["--port", "0", "--no-browser"])
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("numkeras playground: http://127.0.0.1:") and line.endswith("/")
        url = line.split(": ", 1)[1]
        options = json.loads(urllib.request.urlopen(url + "api/options", timeout=10).read())
        assert options["defaults"]["dataset"] == "xor"
    finally:
        process.terminate()
        process.wait(timeout=15)
    process = _run_cli(["--host", "0.0.0.0", "--port", "0", "--no-browser"])
    try:
        assert "anyone" in process.stdout.readline() and "http://127.0.0.1:" in process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_command_without_the_extra_says_what_to_install():
    blocker = ("import sys\n"
               "class Block:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] in ('starlette', 'uvicorn'):\n"
               "            raise ImportError(name)\n"
               "sys.meta_path.insert(0, Block())\n"
               "from numkeras.__main__ import main\n"
               "sys.exit(main(['playground', '--no-browser']))\n")
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=os.getcwd()))
    assert result.returncode == 1
    assert result.stderr.strip() == "numkeras playground needs Starlette and uvicorn: pip install numkeras[playground]"


def test_nothing_below_the_playground_imports_it():
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "numkeras"
    for path in root.rglob("*.py"):
        if "playground" in path.parts or path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.startswith("numkeras.playground") for n in names), path


def test_early_stopping_toggle_ends_the_run_with_a_message(server):
    client, app = server
    sid = _new(client, dataset="gaussians", noise=0.6, learning_rate=1.0, batch_size="1")
    session = app.state.registry.get(sid)
    client.post(f"/api/sessions/{sid}/control", {"action": "play"})
    wait_for(lambda: _epochs(app, sid) >= 2)
    status, body = client.post(f"/api/sessions/{sid}/config", {"early_stopping": True, "patience": 2})
    assert status == 200 and body["applied"] == "live" and "EarlyStopping" in body["code"]
    wait_for(lambda: session.state == "stopped", timeout=60)
    assert "Early stopping" in session.message
    losses = session.history["val_loss"]
    best = min(range(len(losses)), key=losses.__getitem__)
    assert len(losses) - 1 - best >= 2  # it waited `patience` epochs past the best test loss
