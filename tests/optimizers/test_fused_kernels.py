"""The compiled one-loop updates (numba) give the NumPy path's bits; the accelerator's modes.

`fused_kernels` holds each update as a plain Python loop; numba compiles it. The tests run
the same training three ways — the NumPy ufunc chain, the loops as plain Python, the loops
compiled — and require identical arrays, not just close ones.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import numkeras as keras
from numkeras.backend import Variable
from numkeras.optimizers import (
    SGD,
    Adam,
    AdamW,
    RMSprop,
    accelerator,
    fused_kernels,
    get_accelerator,
    set_accelerator,
)

OPTIMIZERS = {
    "sgd": lambda: SGD(0.1),
    "sgd_momentum": lambda: SGD(0.1, momentum=0.9),
    "sgd_nesterov": lambda: SGD(0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda: RMSprop(0.01),
    "rmsprop_momentum": lambda: RMSprop(0.01, momentum=0.5),
    "adam": lambda: Adam(0.01),
    "adamw": lambda: AdamW(0.01, weight_decay=0.1),
}
# These keep the NumPy path even when the accelerator is on.
NUMPY_ONLY = {
    "rmsprop_centered": lambda: RMSprop(0.01, centered=True),
    "adam_amsgrad": lambda: Adam(0.01, amsgrad=True),
}


class Spy:
    """Stands in for the compiled namespace: runs the plain-Python loops and counts the calls."""

    def __init__(self):
        self.calls = 0
        for kernel in fused_kernels.KERNELS:
            setattr(self, kernel.__name__, self._counting(kernel))

    def _counting(self, kernel):
        def call(*args):
            self.calls += 1
            return kernel(*args)
        return call


@pytest.fixture(autouse=True)
def default_mode_afterwards():
    yield
    set_accelerator("auto")


def train(make_optimizer, shape=(64, 33), dtype="float32", steps=4, grad_dtype=None, transpose=False):
    rng = np.random.default_rng(0)
    w = Variable(rng.standard_normal(shape).astype(dtype))
    optimizer = make_optimizer()
    for _ in range(steps):
        g = rng.standard_normal(shape[::-1] if transpose else shape).astype(grad_dtype or dtype)
        optimizer.apply([g.T if transpose else g], [w])
    return [w.numpy()] + [v.numpy() for v in optimizer.variables]


def assert_identical(got, expected):
    for a, b in zip(got, expected):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_compiled_loops_give_the_numpy_bits(name, dtype):
    set_accelerator(None)
    expected = train(OPTIMIZERS[name], dtype=dtype)
    set_accelerator("numba")
    assert get_accelerator() == "numba"
    assert_identical(train(OPTIMIZERS[name], dtype=dtype), expected)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_plain_python_loops_give_the_numpy_bits(name):
    set_accelerator(None)
    expected = train(OPTIMIZERS[name], shape=(5, 3))
    spy = Spy()
    set_accelerator("numba")
    accelerator.STATE.kernels = spy
    assert_identical(train(OPTIMIZERS[name], shape=(5, 3)), expected)
    assert spy.calls == 4  # one call per step: the loops really ran


@pytest.mark.parametrize("case", [
    pytest.param(dict(make=NUMPY_ONLY["rmsprop_centered"]), id="centered-rmsprop"),
    pytest.param(dict(make=NUMPY_ONLY["adam_amsgrad"]), id="amsgrad"),
    pytest.param(dict(make=OPTIMIZERS["adam"], grad_dtype="float64"), id="float64-grad-for-float32"),
    pytest.param(dict(make=OPTIMIZERS["rmsprop"], transpose=True), id="non-contiguous-grad"),
    pytest.param(dict(make=OPTIMIZERS["sgd"], dtype="float16"), id="float16"),
])
def test_what_the_loops_do_not_take_stays_on_numpy(case):
    make = case.pop("make")
    set_accelerator(None)
    expected = train(make, **case)
    spy = Spy()
    set_accelerator("numba")
    accelerator.STATE.kernels = spy
    assert_identical(train(make, **case), expected)
    assert spy.calls == 0


def test_min_size_keeps_small_variables_on_numpy():
    spy = Spy()
    set_accelerator("numba", min_size=10_000)
    accelerator.STATE.kernels = spy
    train(OPTIMIZERS["adam"])  # 64 x 33 = 2112 elements
    assert spy.calls == 0
    set_accelerator("numba", min_size=0)
    accelerator.STATE.kernels = spy
    train(OPTIMIZERS["adam"])
    assert spy.calls == 4


def test_auto_mode_loads_numba_on_the_first_large_update_only(monkeypatch):
    spy, loads = Spy(), []

    def load():
        loads.append(1)
        accelerator.STATE.tried = True
        accelerator.STATE.kernels = spy
        return spy

    monkeypatch.setattr(accelerator, "_load_for_auto", load)
    set_accelerator("auto")
    assert get_accelerator() == "auto" and accelerator.STATE.min_size == 1 << 16
    train(OPTIMIZERS["rmsprop"], shape=(8, 4))  # small: NumPy, numba not even imported
    assert loads == [] and spy.calls == 0
    set_accelerator(None)
    expected = train(OPTIMIZERS["rmsprop"], shape=(256, 256))
    set_accelerator("auto")
    assert_identical(train(OPTIMIZERS["rmsprop"], shape=(256, 256)), expected)  # 65,536 elements
    assert loads == [1] and spy.calls == 4


def test_auto_mode_without_numba_stays_on_numpy(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # makes `import numba` fail
    set_accelerator(None)
    expected = train(OPTIMIZERS["adam"], shape=(256, 256))
    set_accelerator("auto")
    assert_identical(train(OPTIMIZERS["adam"], shape=(256, 256)), expected)
    assert accelerator.STATE.tried and accelerator.STATE.kernels is None


def test_auto_mode_with_real_numba_compiles_large_updates():
    set_accelerator(None)
    expected = train(OPTIMIZERS["adam"], shape=(256, 256))
    set_accelerator("auto")
    assert_identical(train(OPTIMIZERS["adam"], shape=(256, 256)), expected)
    assert accelerator.STATE.kernels is not None  # numba is a test dependency


def test_a_compiled_fit_equals_the_numpy_fit():
    rng = np.random.default_rng(3)
    x = rng.random((300, 20), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 4, 300), 4)

    def fit():
        keras.utils.set_random_seed(5)
        model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(16, activation="relu"),
                                  keras.layers.Dense(4, activation="sigmoid")])
        model.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])
        history = model.fit(x, y, batch_size=32, epochs=3, verbose=0)
        return model.get_weights(), history.history

    set_accelerator(None)
    weights, history = fit()
    set_accelerator("numba")
    compiled_weights, compiled_history = fit()
    assert_identical(compiled_weights, weights)
    assert compiled_history == history


def test_set_accelerator_validates_and_reports():
    assert get_accelerator() == "auto"  # the default
    with pytest.raises(ValueError, match="expected one of"):
        set_accelerator("cuda")
    with pytest.raises(ValueError, match="min_size"):
        set_accelerator(None, min_size=-1)
    set_accelerator("numpy")
    assert get_accelerator() is None
    set_accelerator("numba")
    assert get_accelerator() == "numba" and accelerator.STATE.min_size == 0


def test_missing_numba_gets_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # makes `import numba` fail
    with pytest.raises(ImportError, match="pip install numba"):
        set_accelerator("numba")
    assert get_accelerator() == "auto"  # unchanged by the failed switch


@pytest.mark.parametrize("value, mode", [("numba", "numba"), ("numpy", "None"), (" Auto ", "auto")])
def test_environment_variable_sets_the_mode(value, mode):
    code = "import numkeras; print(numkeras.optimizers.get_accelerator())"
    env = dict(os.environ, NUMKERAS_ACCELERATOR=value)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == mode


def test_a_bad_environment_value_is_named():
    env = dict(os.environ, NUMKERAS_ACCELERATOR="fast")
    run = subprocess.run([sys.executable, "-c", "import numkeras.optimizers"], env=env, capture_output=True,
                         text=True)
    assert run.returncode != 0 and "NUMKERAS_ACCELERATOR='fast'" in run.stderr


def test_kernels_are_plain_functions_a_learner_can_call():
    w, g = np.ones(3, "float32"), np.array([1, 2, 3], "float32")
    fused_kernels.sgd(w, g, np.float32(0.5))
    np.testing.assert_array_equal(w, [0.5, 0.0, -0.5])
