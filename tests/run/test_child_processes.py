"""Processes a `numkeras run` script starts by spawning (multiprocessing spawn/forkserver, joblib
loky, a Dask LocalCluster) serve `import tensorflow`/`import keras` too: each re-imports the
script's `__main__` before unpickling anything, and finds the stand-ins the runner put on its
PYTHONPATH and sys.path."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from numkeras.compat import child_session, runner, session

REPO = Path(__file__).resolve().parents[2]

SPAWNING_SCRIPT = textwrap.dedent("""
    import multiprocessing as mp
    import tensorflow as tf                      # at the top: a spawned child runs this line first
    from tensorflow import keras
    from joblib import Parallel, delayed

    def work(units):
        import keras as plain_keras
        from numkeras.compat import session
        layer = plain_keras.layers.Dense(units)
        return (type(tf).__name__, type(keras).__name__, layer.units,
                session.current_options().tf2_optimizers)

    if __name__ == "__main__":
        for method in ("spawn", "forkserver"):
            with mp.get_context(method).Pool(2) as pool:
                print(method, pool.map(work, [1, 2]))
        print("loky", Parallel(n_jobs=2, backend="loky")(delayed(work)(u) for u in (1, 2)))
""")

DASK_SCRIPT = textwrap.dedent("""
    import numpy as np
    import tensorflow as tf
    from dask.distributed import Client, LocalCluster

    def train(seed):
        x = np.random.default_rng(seed).random((16, 3)).astype("float32")
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
        model.compile("sgd", "mse")
        history = model.fit(x, x.sum(1, keepdims=True), epochs=2, verbose=0)
        return type(tf).__name__, len(history.history["loss"])

    if __name__ == "__main__":
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            print("workers", len(client.scheduler_info()["workers"]))
            print("results", sorted(client.gather(client.map(train, [0, 1]))))
""")


def run_numkeras(tmp_path, source, *options, timeout=240):
    script = tmp_path / "script.py"
    script.write_text(source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMKERAS_RUN")}
    env["PYTHONPATH"] = str(REPO)
    env["DASK_TEMPORARY_DIRECTORY"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "numkeras", "run", *options, str(script)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=timeout)


def test_multiprocessing_spawn_forkserver_and_loky_children_import_the_shims(tmp_path):
    done = run_numkeras(tmp_path, SPAWNING_SCRIPT, "--tf2-optimizers")
    assert done.returncode == 0, done.stderr[-3000:]
    expected = "[('ShimModule', 'ShimModule', 1, True), ('ShimModule', 'ShimModule', 2, True)]"
    assert done.stdout.splitlines() == [f"spawn {expected}", f"forkserver {expected}",
                                        f"loky {expected}"]


def test_a_two_worker_dask_local_cluster_trains_under_numkeras_run(tmp_path):
    done = run_numkeras(tmp_path, DASK_SCRIPT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "workers 2" in done.stdout.splitlines()
    assert "results [('ShimModule', 2), ('ShimModule', 2)]" in done.stdout.splitlines()
    assert "Nanny failed" not in done.stderr


def test_outside_a_run_the_stand_ins_step_aside(tmp_path):
    """An inherited PYTHONPATH without $NUMKERAS_RUN: the real package, or Python's own error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMKERAS_RUN")}
    env["PYTHONPATH"] = os.pathsep.join([child_session.STUB_FOLDER, str(REPO)])
    done = subprocess.run([sys.executable, "-c", "import tf_keras"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "ModuleNotFoundError: No module named 'tf_keras'"


def test_the_run_exports_and_then_restores_the_child_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    monkeypatch.delenv(session.RUN_ENV, raising=False)
    script = tmp_path / "probe.py"
    script.write_text(textwrap.dedent("""
        import json, os, sys
        from numkeras.compat import child_session
        seen = [os.environ["PYTHONPATH"], os.environ["NUMKERAS_RUN"],
                os.environ["NUMKERAS_RUN_OPTIONS"], child_session.STUB_FOLDER in sys.path]
        with open(sys.argv[1], "w") as f:
            json.dump(seen, f)
    """))
    path_before = list(sys.path)
    report = tmp_path / "seen.json"
    assert runner.run_script(str(script), [str(report)], session.Options(tf2_optimizers=True)) == 0
    assert json.loads(report.read_text()) == [
        os.pathsep.join([child_session.STUB_FOLDER, "/elsewhere"]), "1", "tf2_optimizers", True]
    assert os.environ["PYTHONPATH"] == "/elsewhere" and session.RUN_ENV not in os.environ
    assert sys.path == path_before


def test_options_round_trip_through_the_environment():
    for options in (session.Options(), session.Options(tf2_optimizers=True)):
        assert child_session.decode_options(child_session.encode_options(options)) == options
    assert child_session.decode_options("unknown,,tf2_optimizers") == session.Options(True)

