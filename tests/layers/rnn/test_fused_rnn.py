"""The fused recurrent primitives: float64 gradient checks, and equality with the same cell run
step by step through the general autodiff path (outputs, states and every gradient)."""
import numpy as np
import pytest

import numkeras as keras
from numkeras import layers
from numkeras.backend import GradientTape, backward, gru_ops, no_grad, rnn_ops
from numkeras.backend.gradcheck import check_grads
from numkeras.backend.rnn_workspace import WorkspacePool

RNG = np.random.default_rng(7)
B, T, F, U = 3, 5, 4, 2
X = RNG.standard_normal((B, T, F))
MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [0, 1, 1, 0, 1]], bool)
OPTIONS = [dict(return_sequences=s, go_backwards=b, mask=m)
           for s in (False, True) for b in (False, True) for m in (None, MASK)]


def _ids(options):
    return [f"seq{int(o['return_sequences'])}-back{int(o['go_backwards'])}-mask{int(o['mask'] is not None)}"
            for o in options]


def weights(gates, bias_shape=None):
    bias = RNG.standard_normal(bias_shape or (gates * U,))
    return [RNG.standard_normal((F, gates * U)) * 0.5, RNG.standard_normal((U, gates * U)) * 0.5, bias]


@pytest.mark.parametrize("options", OPTIONS, ids=_ids(OPTIONS))
def test_simple_rnn_gradients(float64, options):
    check_grads(lambda *a: rnn_ops.simple_rnn_sequence(*a, **options),
                (X, *weights(1), RNG.standard_normal((B, U))), mode="jacobian")


@pytest.mark.parametrize("options", OPTIONS, ids=_ids(OPTIONS))
def test_lstm_gradients(float64, options):
    check_grads(lambda *a: rnn_ops.lstm_sequence(*a, **options),
                (X, *weights(4), RNG.standard_normal((B, U)), RNG.standard_normal((B, U))),
                mode="jacobian")


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("options", OPTIONS, ids=_ids(OPTIONS))
def test_gru_gradients(float64, options, reset_after):
    bias_shape = (2, 3 * U) if reset_after else None
    check_grads(lambda *a: gru_ops.gru_sequence(*a, reset_after=reset_after, **options),
                (X, *weights(3, bias_shape), RNG.standard_normal((B, U))), mode="jacobian")


@pytest.mark.parametrize("activations", [("relu", "hard_sigmoid"), ("linear", "sigmoid")])
def test_other_fused_activations_have_right_gradients(float64, activations):
    act, rec = activations
    check_grads(lambda *a: rnn_ops.lstm_sequence(*a, activation=act, recurrent_activation=rec,
                                                 return_sequences=True),
                (X, *weights(4), RNG.standard_normal((B, U)), RNG.standard_normal((B, U))))
    check_grads(lambda *a: rnn_ops.simple_rnn_sequence(*a, activation=act, mask=MASK),
                (X, *weights(1), RNG.standard_normal((B, U))))


LAYERS = [(layers.SimpleRNN, {}), (layers.LSTM, {}), (layers.GRU, {}),
          (layers.GRU, {"reset_after": False}), (layers.LSTM, {"use_bias": False})]


def _run(layer, sources, mask, initial_state=None):
    with GradientTape():
        x = keras.Variable(X)
        kwargs = {"mask": mask}
        if initial_state is not None:
            kwargs["initial_state"] = initial_state
        out = layer(x, **kwargs)
        outs = out if isinstance(out, list) else [out]
        # Weigh every output element differently, so a swapped or misplaced gradient shows.
        total = sum((o * (np.arange(o.size).reshape(o.shape) / o.size + 0.5)).sum() for o in outs)
    grads = backward(total, [x] + sources + list(initial_state or []))
    return [o.numpy() for o in outs], grads


@pytest.mark.parametrize("cls,kwargs", LAYERS, ids=lambda v: getattr(v, "__name__", str(v)))
@pytest.mark.parametrize("options", OPTIONS, ids=_ids(OPTIONS))
def test_fused_layer_equals_the_cell_looped_by_the_general_path(float64, cls, kwargs, options):
    mask = options["mask"]
    fused = cls(U, return_state=True, return_sequences=options["return_sequences"],
                go_backwards=options["go_backwards"], **kwargs)
    fused.build((None, T, F))
    for w in fused.weights:
        w.assign(RNG.standard_normal(w.shape) * 0.5)
    general = layers.RNN(fused.cell, return_state=True, return_sequences=options["return_sequences"],
                         go_backwards=options["go_backwards"])
    states = [keras.Variable(RNG.standard_normal((B, U))) for _ in fused.state_size]
    out_f, grads_f = _run(fused, fused.weights, mask, states)
    out_g, grads_g = _run(general, fused.weights, mask, states)
    for a, b in zip(out_f, out_g):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    for a, b in zip(grads_f, grads_g):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_the_fused_layer_records_one_node_per_call():
    layer = layers.LSTM(3)
    x = keras.Variable(np.ones((2, 50, 4), "float32"))
    with GradientTape():
        out = layer(x)
    packed = out.node.inputs[0]  # out is h, a slice of the packed (h, c) states
    assert packed.node.primitive is rnn_ops.lstm_sequence  # no per-timestep nodes behind it
    assert packed.node.inputs[0] is x


def test_workspaces_are_reused_once_their_node_is_gone():
    layer = layers.GRU(3)
    x = np.ones((2, 6, 4), "float32")
    with no_grad():
        layer(x)
        layer(x)
    assert len(layer._workspaces) == 1
    with GradientTape():
        keep = layer(keras.Variable(x))
        other = layer(keras.Variable(x))  # the first node still needs its buffers
    assert len(layer._workspaces) == 2
    assert keep.node.kwargs["workspace"].workspace is not other.node.kwargs["workspace"].workspace


def test_pool_hands_out_a_free_workspace():
    pool = WorkspacePool()
    first = pool.lease()
    second = pool.lease()
    assert first.workspace is not second.workspace
    kept = second.workspace
    del second
    assert pool.lease().workspace is kept


def test_recurrent_dropout_in_training_takes_the_general_path_and_inference_the_fused():
    layer = layers.LSTM(3, recurrent_dropout=0.5, dropout=0.2, seed=1)
    x = keras.Variable(np.ones((2, 4, 3), "float32"))
    with GradientTape():
        trained = layer(x, training=True)
        inferred = layer(x, training=False)
    assert trained.node.primitive is not rnn_ops.lstm_sequence
    assert trained.node.inputs[0].node.primitive is not rnn_ops.lstm_sequence
    assert inferred.node.inputs[0].node.primitive is rnn_ops.lstm_sequence


def test_input_dropout_uses_one_mask_for_every_timestep():
    layer = layers.SimpleRNN(4, dropout=0.5, seed=3, kernel_initializer="ones",
                             recurrent_initializer="zeros", activation="linear", return_sequences=True)
    x = np.ones((2, 6, 8), "float32")
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, np.broadcast_to(out[:, :1], out.shape))  # same mask each step
    assert not np.allclose(out, 8.0)  # and something was dropped (kept units scaled by 2)
    np.testing.assert_allclose(layer(x, training=False).numpy(), 8.0)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_float32_long_sequences_keep_float32_accuracy(cls):
    """The float32 backward flushes subnormal gradients and stops once they vanish: the weight
    gradients still match a float64 computation to float32 accuracy."""
    x = RNG.standard_normal((8, 300, 4))

    weights = None

    def gradients(dtype):
        keras.backend.set_floatx(dtype)
        layer = cls(6)
        layer.build((None, 300, 4))
        if weights is not None:
            layer.set_weights([w.astype(dtype) for w in weights])
        with GradientTape():
            loss = layer(x.astype(dtype)).sum()
        return layer, [g.astype("float64") for g in backward(loss, layer.weights)]

    try:
        layer, double = gradients("float64")
        weights = layer.get_weights()
        _, single = gradients("float32")
    finally:
        keras.backend.set_floatx("float32")
    for a, b in zip(single, double):
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-6)
