"""Runs every lab of examples/ once with --quick, two at a time, for the example tests.

The labs run in subprocesses as a learner runs them (`python examples/<lab>.py --quick`),
with matplotlib's Agg backend, the figures written to a temporary folder and NUMKERAS_HOME
pointing at a temporary home whose datasets/ links to the real data files (found as
tests/data_files.py says). IMDB and Reuters cannot be had offline: their labs run on
stand-ins of the same format (tests/datasets/dataset_standins.py) through standin_runner.py.
A lab whose data files cannot be had is not run, and its test says why.
"""
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
EXAMPLES = REPO / "examples"
sys.path.insert(0, str(REPO / "tests" / "datasets"))  # the stand-in writers live there

import data_files  # noqa: E402
import dataset_standins  # noqa: E402
from example_checks import LabRun  # noqa: E402

# Each lab and its extra arguments; the key names the run in the tests.
LABS = {
    "minibatch_selection": ("minibatch_selection.py",),
    "xor_mlp": ("xor_mlp.py",),
    "mnist_mlp": ("mnist_mlp.py",),
    "mnist_mlp_legacy": ("mnist_mlp.py", "--legacy-rmsprop"),
    "predict_digit_image": ("predict_digit_image.py",),
    "hyperparameter_challenge": ("hyperparameter_challenge.py",),
    "loss_functions": ("loss_functions.py",),
    "encoding_and_scaling": ("encoding_and_scaling.py",),
    "imdb_overfitting": ("imdb_overfitting.py",),
    "mnist_dnn": ("mnist_dnn.py",),
    "fashion_mnist_dnn": ("fashion_mnist_dnn.py",),
    "fashion_mnist_logistic": ("fashion_mnist_logistic.py",),
    "titanic_survival": ("titanic_survival.py",),
    "imdb_binary": ("imdb_binary.py",),
    "reuters_topics": ("reuters_topics.py",),
    "boston_housing_kfold": ("boston_housing_kfold.py",),
    "mnist_convnet": ("mnist_convnet.py",),
    "fashion_mnist_cnn": ("fashion_mnist_cnn.py",),
    "conv_autoencoder": ("conv_autoencoder.py",),
    "grid_search_mnist": ("grid_search_mnist.py", "--n-jobs", "2"),
    "imdb_lstm": ("imdb_lstm.py",),
    "reuters_gru": ("reuters_gru.py",),
    "timeseries_forecast": ("timeseries_forecast.py",),
    "imdb_transformer": ("imdb_transformer.py",),
    "text_bilstm": ("text_bilstm.py",),
    "vanishing_gradients": ("vanishing_gradients.py",),
    "initialization": ("initialization.py",),
}
NEEDS_STANDINS = {"imdb_overfitting", "imdb_binary", "reuters_topics", "imdb_lstm", "reuters_gru",
                  "imdb_transformer", "text_bilstm"}
# The real files each lab reads (the IMDB and Reuters data are stand-ins; the time series is
# synthetic).
MNIST = ("mnist.npz",)
FASHION = tuple(name for name in data_files.KERAS_FILES if name.startswith("fashion-mnist/"))
NEEDS_FILES = {
    "minibatch_selection": MNIST, "xor_mlp": (), "mnist_mlp": MNIST, "mnist_mlp_legacy": MNIST,
    "predict_digit_image": MNIST, "mnist_convnet": MNIST, "conv_autoencoder": MNIST,
    "fashion_mnist_cnn": FASHION, "hyperparameter_challenge": MNIST, "loss_functions": (),
    "encoding_and_scaling": MNIST, "imdb_overfitting": (),
    "mnist_dnn": MNIST, "fashion_mnist_dnn": FASHION, "fashion_mnist_logistic": FASHION,
    "titanic_survival": data_files.TITANIC_FILES, "imdb_binary": (), "reuters_topics": (),
    "boston_housing_kfold": ("boston_housing.npz",), "grid_search_mnist": MNIST,
    "imdb_lstm": (), "reuters_gru": (), "timeseries_forecast": (),
    "imdb_transformer": (), "text_bilstm": ("imdb_word_index.json",),
    "vanishing_gradients": (), "initialization": (),
}
# The slowest first, so the two workers finish together.
ORDER = ["conv_autoencoder", "fashion_mnist_cnn", "mnist_convnet", "grid_search_mnist",
         "fashion_mnist_logistic", "hyperparameter_challenge", "fashion_mnist_dnn", "mnist_dnn",
         "predict_digit_image", "boston_housing_kfold", "titanic_survival"]


@pytest.fixture(scope="session")
def lab_home(tmp_path_factory):
    """A NUMKERAS_HOME with the real data files that can be had linked, and the stand-ins."""
    home = tmp_path_factory.mktemp("lab_home")
    datasets = home / "datasets"
    datasets.mkdir()
    for name in data_files.REAL_FILES:
        if data_files.missing([name]) is None:
            data_files.link_into(datasets, [name])
    dataset_standins.write_imdb(datasets / "imdb.npz")
    dataset_standins.write_reuters(datasets / "reuters.npz")
    dataset_standins.write_word_index(datasets / "reuters_word_index.json")
    return home


class LabRuns(dict):
    """The labs' LabRuns by name; a lab left out for want of data reports its test as not run."""

    def __init__(self, runs, reasons):
        super().__init__(runs)
        self.reasons = reasons

    def __missing__(self, name):
        data_files.not_run(f"lab {name} not run: {self.reasons[name]}")


def run_lab(name, home, out, extra=()):
    """Runs one lab with --quick in a subprocess; returns its LabRun."""
    script, *args = LABS[name]
    command = [sys.executable]
    if name in NEEDS_STANDINS:
        command.append(str(HERE / "standin_runner.py"))
    command += [str(EXAMPLES / script), "--quick", "--out", str(out), *args, *extra]
    env = dict(os.environ, MPLBACKEND="Agg", NUMKERAS_HOME=str(home),
               KERAS_HOME=str(home / "no_keras_cache"), PYTHONIOENCODING="utf-8",
               PYTHONPATH=os.pathsep.join([str(REPO)] + [p for p in [
                   os.environ.get("PYTHONPATH")] if p]))
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=str(REPO), capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    return LabRun(name, result.returncode, result.stdout, result.stderr, out,
                  time.perf_counter() - started)


@pytest.fixture(scope="session")
def lab_runs(lab_home, tmp_path_factory):
    """Every lab's LabRun, by name; they run two at a time (the CI machine has 2 cores)."""
    outs = tmp_path_factory.mktemp("lab_out")
    names = ORDER + [n for n in LABS if n not in ORDER]
    reasons = {n: data_files.missing(NEEDS_FILES[n]) for n in names}
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {n: pool.submit(run_lab, n, lab_home, outs / n) for n in names if not reasons[n]}
        return LabRuns({n: f.result() for n, f in futures.items()}, reasons)


@pytest.fixture(autouse=True)
def fresh_layer_names():
    """Layer names (dense, dense_1, ...) start afresh for each test, whatever ran before."""
    from numkeras.backend import clear_session

    clear_session()
    yield
