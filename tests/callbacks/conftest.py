"""Shared stubs for callback tests: a duck-typed model, a fake clock, and a fit()-like driver."""
import numpy as np
import pytest

from numkeras.utils import progbar as progbar_module


class StubOptimizer:
    """Holds a learning rate like an optimizer; `dtype=np.float32` mimics a float32 variable."""

    def __init__(self, learning_rate=0.01, dtype=None):
        self._dtype = dtype
        self.learning_rate = learning_rate

    @property
    def learning_rate(self):
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = value if self._dtype is None else self._dtype(value)


class StubModel:
    """The slice of Model that callbacks use: weights, optimizer, stop_training, save/save_weights."""

    def __init__(self, learning_rate=0.01, lr_dtype=None):
        self.weights = [np.zeros((2, 2)), np.zeros(2)]
        self.optimizer = StubOptimizer(learning_rate, lr_dtype)
        self.stop_training = False
        self.saved = []  # (kind, path) in call order

    def get_weights(self):
        return list(self.weights)  # the live arrays, on purpose: callbacks must copy

    def set_weights(self, weights):
        for live, new in zip(self.weights, weights):
            live[...] = new

    def fill_weights(self, value):
        """Updates the weights in place, as an optimizer step would."""
        for w in self.weights:
            w[...] = value

    def save(self, path):
        self._write("model", path)

    def save_weights(self, path):
        self._write("weights", path)

    def _write(self, kind, path):
        with open(path, "w") as f:
            f.write(kind)
        self.saved.append((kind, str(path)))


@pytest.fixture
def model():
    return StubModel()


@pytest.fixture
def make_model():
    """Factory for stub models with other settings, e.g. `make_model(lr_dtype=np.float32)`."""
    return StubModel


@pytest.fixture
def fit_like():
    """Runs callback hooks like fit(): returns the number of epochs run.

    `epoch_logs` is a list of per-epoch log dicts; before each epoch end the
    model's weights are set to the epoch index, so restored weights tell
    which epoch they came from.
    """

    def run(callback, model, epoch_logs, steps=0, batch_logs=None):
        callback.set_model(model)
        callback.set_params({"verbose": 0, "epochs": len(epoch_logs), "steps": steps})
        model.stop_training = False
        callback.on_train_begin({})
        ran = 0
        logs = {}
        for epoch, logs in enumerate(epoch_logs):
            callback.on_epoch_begin(epoch, {})
            for batch in range(steps):
                callback.on_train_batch_begin(batch, {})
                callback.on_train_batch_end(batch, dict(batch_logs or {}))
            model.fill_weights(epoch)
            callback.on_epoch_end(epoch, dict(logs))
            ran += 1
            if model.stop_training:
                break
        callback.on_train_end(dict(logs))
        return ran

    return run


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t

    def advance(self, seconds):
        self.t += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(progbar_module, "_now", fake)
    return fake


@pytest.fixture(autouse=True)
def _reset_display_state():
    progbar_module.set_interactive(None)
    progbar_module._open_line_width = 0
    yield
    progbar_module.set_interactive(None)
    progbar_module._open_line_width = 0
