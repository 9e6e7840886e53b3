"""The tape-free Dense-chain step equals the general (recorded) training step."""
import numpy as np
import pytest
from float32_tolerance import assert_float32_close

import numkeras as keras
from numkeras.models import dense_chain


def _train(use_chain, monkeypatch, activations, loss, optimizer, use_bias=True, batch_size=4):
    if not use_chain:
        monkeypatch.setattr(dense_chain.DenseChainStep, "for_model", classmethod(lambda cls, m: None))
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(24, 3)).astype("float32")
    y = rng.normal(size=(24, 2)).astype("float32")
    model = keras.Sequential([keras.Input((3,))] + [
        keras.layers.Dense(units, activation=act, use_bias=use_bias)
        for units, act in zip((5, 2), activations)])
    model.compile(optimizer=optimizer, loss=loss, metrics=["mae"])
    history = model.fit(x, y, batch_size=batch_size, epochs=3, verbose=0).history
    monkeypatch.undo()
    return model, history


@pytest.mark.parametrize("activations,loss,optimizer,use_bias,batch_size", [
    (("sigmoid", "sigmoid"), "mse", "sgd", True, 1),
    (("relu", "linear"), "mae", "rmsprop", True, 4),
    (("tanh", None), "huber", "adam", False, 5),
    (("relu", "sigmoid"), "mean_squared_error", "nadam", True, 32),
])
def test_chain_step_equals_the_general_step(monkeypatch, activations, loss, optimizer, use_bias,
                                            batch_size):
    fast, fast_history = _train(True, monkeypatch, activations, loss, optimizer, use_bias, batch_size)
    assert fast._dense_chain is not None  # the fast path really ran
    slow, slow_history = _train(False, monkeypatch, activations, loss, optimizer, use_bias, batch_size)
    assert slow._dense_chain is None
    # the chain fuses what the general step composes: the same training to float32 rounding
    for a, b in zip(fast.get_weights(), slow.get_weights()):
        assert_float32_close(a, b)
    for key in slow_history:
        assert_float32_close(fast_history[key], slow_history[key], err_msg=key)


def test_models_outside_its_scope_take_the_general_path():
    def compiled(model, loss):
        model.compile(optimizer="sgd", loss=loss)
        model.fit(np.ones((4, 3)), np.ones((4, 2)) / 2, verbose=0)
        return model._dense_chain

    assert compiled(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")]),
                    "mse") is None  # softmax is not fused into Dense
    assert compiled(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="sigmoid")]),
                    "binary_crossentropy") is None  # cross-entropies use the logits path
    assert compiled(keras.Sequential([keras.Input((3,)), keras.layers.Dropout(0.5),
                                      keras.layers.Dense(2)]), "mse") is None
    assert compiled(keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        2, kernel_regularizer="l2")]), "mse") is None  # penalties need the tape
    assert compiled(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]), "mse") is not None


def test_sample_weights_fall_back_to_the_general_step(monkeypatch):
    def train(disable_chain):
        if disable_chain:
            monkeypatch.setattr(dense_chain.DenseChainStep, "__call__",
                                lambda self, x, y: pytest.fail("chain used"))
        keras.utils.set_random_seed(5)
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        x = np.arange(8, dtype="float32").reshape(4, 2)
        y = np.ones((4, 1), "float32")
        model.fit(x, y, sample_weight=np.array([1.0, 0.0, 1.0, 0.0], "float32"), epochs=2,
                  verbose=0, shuffle=False)
        monkeypatch.undo()
        return model.get_weights()

    # with sample weights the chain must not run (it would fail the test), and the result is
    # the general step's
    for a, b in zip(train(True), train(False)):
        np.testing.assert_array_equal(a, b)
