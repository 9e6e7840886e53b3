"""The compiled recurrent time loops (numba) against the NumPy loops they replace.

Both paths fill the same buffers; they differ only by float32 rounding: the compiled recurrent
matmul sums in another order than BLAS, and its float32 tanh is a rational fit where NumPy
calls its own tanh. So the comparisons allow a few float32 ulps, relative to each array's scale.
"""
import numpy as np
import pytest

from numkeras.backend import compiled_loops, gru_ops, rnn_ops

pytest.importorskip("numba")  # the project's optional accelerator: without it nothing to compare

RNG = np.random.default_rng(3)
B, T, F, U = 5, 23, 6, 4
MASK = RNG.random((B, T)) > 0.3
MASK[0] = True           # one sample never masked
MASK[1, :7] = False      # one that starts masked (pre-padding)
OPTIONS = [dict(return_sequences=s, go_backwards=b, mask=m)
           for s in (False, True) for b in (False, True) for m in (None, MASK)]
IDS = [f"seq{int(o['return_sequences'])}-back{int(o['go_backwards'])}-mask{int(o['mask'] is not None)}"
       for o in OPTIONS]


def _inputs(dtype="float32"):
    cast = lambda a: a.astype(dtype)  # noqa: E731
    return (cast(RNG.standard_normal((B, T, F))), cast(RNG.standard_normal((F, 4 * U)) * 0.5),
            cast(RNG.standard_normal((U, 4 * U)) * 0.5), cast(RNG.standard_normal(4 * U) * 0.5),
            cast(RNG.standard_normal((B, U))), cast(RNG.standard_normal((B, U))))


def _lstm(mode, inputs, g, options, activations=("tanh", "sigmoid")):
    """Forward output and the gradients of all six inputs, with the loops of `mode`."""
    return _run(rnn_ops.lstm_sequence, rnn_ops._lstm_vjp, mode, inputs, g, options, activations)


def _run(forward, vjp, mode, inputs, g, options, activations):
    saved = compiled_loops.STATE.mode
    compiled_loops.set_mode(mode)
    try:
        kwargs = dict(options, activation=activations[0], recurrent_activation=activations[1])
        out = forward(*inputs, **kwargs)
        grads = vjp(g, out, tuple(range(len(inputs))), *inputs, **kwargs)
        used_compiled = compiled_loops.compiled_loop(*activations) is not None
    finally:
        compiled_loops.set_mode(saved)
    return used_compiled, [np.asarray(a) for a in (out, *grads)]


def _assert_close(compiled, reference, ulps=64):
    for got, want in zip(compiled, reference):
        assert got.shape == want.shape and got.dtype == want.dtype
        scale = max(float(np.abs(want).max()), 1.0)
        np.testing.assert_allclose(got, want, rtol=0, atol=ulps * np.finfo(want.dtype).eps * scale)


@pytest.mark.parametrize("options", OPTIONS, ids=IDS)
def test_compiled_lstm_equals_numpy_lstm(options):
    inputs = _inputs()
    shape = (B, T, 2 * U) if options["return_sequences"] else (B, 2 * U)
    g = RNG.standard_normal(shape).astype("float32")
    used, compiled = _lstm("numba", inputs, g, options)
    assert used, "the compiled loop did not run"
    unused, reference = _lstm(None, inputs, g, options)
    assert not unused
    _assert_close(compiled, reference)


@pytest.mark.parametrize("activations", [("relu", "hard_sigmoid"), ("linear", "sigmoid")])
def test_compiled_lstm_other_activations_in_float64_equal_numpy(activations):
    inputs = _inputs("float64")
    g = RNG.standard_normal((B, T, 2 * U))
    options = dict(return_sequences=True, go_backwards=False, mask=MASK)
    used, compiled = _lstm("numba", inputs, g, options, activations)
    assert used
    _, reference = _lstm(None, inputs, g, options, activations)
    _assert_close(compiled, reference, ulps=16)


def test_compiled_lstm_stops_early_where_numpy_does():
    # A long sequence trained only at its end: both backward loops flush the vanishing gradient
    # to zero and stop; the far past gets exactly zero gradient in both.
    steps = 400
    inputs = list(_inputs())
    inputs[0] = RNG.standard_normal((B, steps, F)).astype("float32")
    inputs[2] = inputs[2] * np.float32(0.2)
    g = RNG.standard_normal((B, 2 * U)).astype("float32")
    options = dict(return_sequences=False, go_backwards=False, mask=None)
    _, compiled = _lstm("numba", inputs, g, options)
    _, reference = _lstm(None, inputs, g, options)
    _assert_close(compiled, reference)
    assert not compiled[1][:, :200].any() and not reference[1][:, :200].any()
    assert compiled[1][:, -1].any()


def test_fast_tanh_is_within_float32_rounding():
    import numba

    from numkeras.backend import rnn_loops

    x = np.linspace(-12, 12, 200_001).astype("float32")
    row = x.copy()
    numba.njit(lambda r: rnn_loops.activate_row(1, r, True))(row)
    assert np.abs(row - np.tanh(x.astype("float64"))).max() < 4e-7
    assert row[-1] == 1.0 and row[0] == -1.0 and row[100_000] == 0.0


def _gru_inputs(dtype="float32"):
    cast = lambda a: a.astype(dtype)  # noqa: E731
    return (cast(RNG.standard_normal((B, T, F))), cast(RNG.standard_normal((F, 3 * U)) * 0.5),
            cast(RNG.standard_normal((U, 3 * U)) * 0.5), cast(RNG.standard_normal((2, 3 * U)) * 0.5),
            cast(RNG.standard_normal((B, U))))


def _gru(mode, inputs, g, options, activations=("tanh", "sigmoid")):
    return _run(gru_ops.gru_sequence, gru_ops._gru_vjp, mode, inputs, g, options, activations)


@pytest.mark.parametrize("options", OPTIONS, ids=IDS)
def test_compiled_gru_equals_numpy_gru(options):
    inputs = _gru_inputs()
    g = RNG.standard_normal((B, T, U) if options["return_sequences"] else (B, U)).astype("float32")
    used, compiled = _gru("numba", inputs, g, options)
    assert used, "the compiled loop did not run"
    _, reference = _gru(None, inputs, g, options)
    _assert_close(compiled, reference)


def test_compiled_gru_other_activations_in_float64_equal_numpy():
    inputs = _gru_inputs("float64")
    g = RNG.standard_normal((B, T, U))
    options = dict(return_sequences=True, go_backwards=True, mask=MASK)
    used, compiled = _gru("numba", inputs, g, options, ("relu", "hard_sigmoid"))
    assert used
    _, reference = _gru(None, inputs, g, options, ("relu", "hard_sigmoid"))
    _assert_close(compiled, reference, ulps=16)


def test_gru_without_reset_after_keeps_the_numpy_loop():
    inputs = list(_gru_inputs())
    inputs[3] = inputs[3][0]
    options = dict(return_sequences=False, go_backwards=False, mask=None, reset_after=False)
    g = RNG.standard_normal((B, U)).astype("float32")
    _, compiled = _gru("numba", inputs, g, options)
    _, reference = _gru(None, inputs, g, options)
    for got, want in zip(compiled, reference):
        np.testing.assert_array_equal(got, want)  # the same NumPy loop ran: the same bits


def _simple(mode, inputs, g, options, activation="tanh"):
    return _run(lambda *a, recurrent_activation, **k: rnn_ops.simple_rnn_sequence(*a, **k),
                lambda *a, recurrent_activation, **k: rnn_ops._simple_rnn_vjp(*a, **k),
                mode, inputs, g, options, (activation, "linear"))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("options", OPTIONS, ids=IDS)
def test_compiled_simple_rnn_equals_numpy_simple_rnn(options, activation):
    inputs = (*_inputs()[:2], _inputs()[2], _inputs()[3], _inputs()[4])
    inputs = (inputs[0], inputs[1][:, :U], inputs[2][:, :U], inputs[3][:U], inputs[4])
    g = RNG.standard_normal((B, T, U) if options["return_sequences"] else (B, U)).astype("float32")
    used, compiled = _simple("numba", inputs, g, options, activation)
    assert used, "the compiled loop did not run"
    _, reference = _simple(None, inputs, g, options, activation)
    _assert_close(compiled, reference)
