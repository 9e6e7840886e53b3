"""The numexpr path computes the same updates as the NumPy path.

The expressions are checked twice: with a stand-in evaluator that runs each
expression string through NumPy (always available, so CI covers the strings),
and with real numexpr when it is installed.
"""
import numpy as np
import pytest

from numkeras.backend import Variable
from numkeras.optimizers import SGD, Adam, AdamW, RMSprop, accelerator, get_accelerator, set_accelerator


class NumpyEvaluator:
    """Duck-types `numexpr.evaluate` with NumPy, counting the calls."""

    def __init__(self):
        self.calls = 0

    def evaluate(self, expression, local_dict, out, casting):
        self.calls += 1
        result = eval(expression, {"__builtins__": {}, "sqrt": np.sqrt, "where": np.where}, local_dict)
        np.copyto(out, result, casting=casting)
        return out


EVALUATORS = ["numpy_stand_in"] + (["numexpr"] if accelerator.numexpr_available() else [])

OPTIMIZERS = {
    "sgd_momentum": lambda: SGD(0.1, momentum=0.9),
    "sgd_nesterov": lambda: SGD(0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda: RMSprop(0.01),
    "rmsprop_momentum": lambda: RMSprop(0.01, momentum=0.5),
    "rmsprop_centered": lambda: RMSprop(0.01, centered=True),
    "rmsprop_centered_momentum": lambda: RMSprop(0.01, momentum=0.5, centered=True),
    "adam": lambda: Adam(0.01),
    "adam_amsgrad": lambda: Adam(0.01, amsgrad=True),
    "adamw": lambda: AdamW(0.01, weight_decay=0.1),
}


@pytest.fixture(autouse=True)
def restore_accelerator():
    yield
    set_accelerator(None, min_size=1 << 16)


def train(make_optimizer, steps=5):
    rng = np.random.default_rng(0)
    w = Variable(rng.standard_normal((64, 33)).astype("float32"))
    optimizer = make_optimizer()
    for _ in range(steps):
        optimizer.apply([rng.standard_normal((64, 33)).astype("float32")], [w])
    return w.numpy(), [v.numpy() for v in optimizer.variables]


def switch_on(evaluator):
    if evaluator == "numexpr":
        set_accelerator("numexpr", min_size=0)
        return None
    stand_in = NumpyEvaluator()
    set_accelerator(None, min_size=0)
    accelerator.STATE.numexpr = stand_in
    return stand_in


@pytest.mark.parametrize("evaluator", EVALUATORS)
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_fused_path_equals_numpy_path(name, evaluator):
    set_accelerator(None)
    expected_w, expected_slots = train(OPTIMIZERS[name])
    stand_in = switch_on(evaluator)
    w, slots = train(OPTIMIZERS[name])
    if stand_in is not None:
        assert stand_in.calls > 0   # the fused path really ran
    np.testing.assert_allclose(w, expected_w, rtol=1e-6, atol=1e-6)
    for got, expected in zip(slots, expected_slots):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_small_variables_stay_on_numpy():
    stand_in = NumpyEvaluator()
    set_accelerator(None, min_size=10_000)
    accelerator.STATE.numexpr = stand_in
    train(OPTIMIZERS["adam"])           # 64 x 33 = 2112 elements < 10000
    assert stand_in.calls == 0


def test_set_accelerator_validates_and_reports():
    assert get_accelerator() is None     # NumPy is the default (faster on small CPUs, see benchmarks)
    with pytest.raises(ValueError, match="expected one of"):
        set_accelerator("cuda")
    with pytest.raises(ValueError, match="min_size"):
        set_accelerator(None, min_size=-1)
    set_accelerator("numpy")
    assert get_accelerator() is None
