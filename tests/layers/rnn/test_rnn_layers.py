"""Recurrent layers' API: arguments, errors, stateful, configs, wrappers and a user's own cell."""
import warnings

import numpy as np
import pytest

import numkeras as keras
from numkeras import layers

X = np.random.default_rng(3).standard_normal((4, 6, 3)).astype("float32")


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_a_2d_input_is_refused_with_a_hint(cls):
    with pytest.raises(ValueError, match=r"expected \(batch, timesteps, features\); got \(32, 500\)"
                                         r".*Embedding or a feature axis"):
        cls(4)(np.zeros((32, 500), "float32"))


def test_initial_state_of_the_wrong_number_or_shape_is_refused():
    layer = layers.LSTM(5)
    with pytest.raises(ValueError, match=r"expects 2 initial state\(s\).*got 1"):
        layer(X, initial_state=[np.zeros((4, 5), "float32")])
    with pytest.raises(ValueError, match=r"initial_state\[1\] must have shape \(4, 5\); got \(4, 3\)"):
        layer(X, initial_state=[np.zeros((4, 5), "float32"), np.zeros((4, 3), "float32")])


def test_stateful_needs_a_fixed_batch_size():
    with pytest.raises(ValueError, match="stateful=True` needs a fixed batch size"):
        keras.Sequential([keras.Input(shape=(6, 3)), layers.GRU(2, stateful=True)])


def test_stateful_carries_states_between_calls_until_reset():
    layer = layers.LSTM(3, stateful=True)
    first = layer(X[:, :3]).numpy()
    second = layer(X[:, 3:]).numpy()
    whole = layers.LSTM(3)
    whole.build((None, 6, 3))
    whole.set_weights(layer.get_weights())
    np.testing.assert_allclose(second, whole(X).numpy(), rtol=1e-5, atol=1e-6)
    layer.reset_states()
    np.testing.assert_allclose(layer(X[:, :3]).numpy(), first, rtol=1e-6)
    with pytest.raises(ValueError, match="stateful with batch size 4, but got a batch of 2"):
        layer(X[:2, :3])
    assert len(layer.weights) == 3  # the states are not weights


def test_stateful_layer_in_a_model_with_a_batch_size():
    model = keras.Sequential([keras.Input(shape=(6, 3), batch_size=4), layers.SimpleRNN(2, stateful=True)])
    a = model.predict(X, verbose=0)
    b = model.predict(X, verbose=0)
    assert not np.allclose(a, b)  # the second call started from the first one's states
    model.layers[0].reset_states()
    np.testing.assert_allclose(model.predict(X, verbose=0), a, rtol=1e-6)


def test_weights_have_keras_layout_and_names():
    lstm, gru, gru_before = layers.LSTM(5), layers.GRU(5), layers.GRU(5, reset_after=False)
    for layer in (lstm, gru, gru_before):
        layer.build((None, 6, 3))
    assert [w.shape for w in lstm.weights] == [(3, 20), (5, 20), (20,)]
    assert [w.shape for w in gru.weights] == [(3, 15), (5, 15), (2, 15)]
    assert [w.shape for w in gru_before.weights] == [(3, 15), (5, 15), (15,)]
    assert [w.name for w in lstm.weights] == ["kernel", "recurrent_kernel", "bias"]
    np.testing.assert_array_equal(lstm.cell.bias.numpy(), [0] * 5 + [1] * 5 + [0] * 10)  # unit_forget_bias
    assert lstm.units == 5 and lstm.cell.name == "lstm_cell"


@pytest.mark.parametrize("make", [
    lambda: layers.LSTM(4, return_sequences=True, go_backwards=True, dropout=0.1, unit_forget_bias=False),
    lambda: layers.GRU(3, reset_after=False, recurrent_activation="hard_sigmoid", return_state=True),
    lambda: layers.SimpleRNN(2, activation="relu", kernel_regularizer="l2", stateful=False),
    lambda: layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum"),
    lambda: layers.Bidirectional(layers.LSTM(3), backward_layer=layers.GRU(3, go_backwards=True)),
    lambda: layers.TimeDistributed(layers.Dense(2)),
    lambda: layers.RNN(layers.StackedRNNCells([layers.LSTMCell(3), layers.GRUCell(2)])),
    lambda: layers.RNN(layers.SimpleRNNCell(3), return_sequences=True),
])
def test_config_round_trip_gives_the_same_layer(make):
    layer = make()
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    layer(X)
    clone(X)
    clone.set_weights(layer.get_weights())
    a, b = layer(X), clone(X)
    for p, q in zip(a if isinstance(a, list) else [a], b if isinstance(b, list) else [b]):
        np.testing.assert_allclose(p.numpy(), q.numpy(), rtol=1e-6)


def test_bidirectional_refuses_bad_arguments():
    with pytest.raises(ValueError, match="merge_mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="different `go_backwards`"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))
    with pytest.raises(ValueError, match="same `return_sequences`"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2, go_backwards=True,
                                                                         return_sequences=True))


def test_time_distributed_applies_one_layer_to_every_step():
    dense = layers.Dense(2)
    out = layers.TimeDistributed(dense)(X).numpy()
    for t in range(X.shape[1]):
        np.testing.assert_allclose(out[:, t], dense(X[:, t]).numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match="rank 3 or more"):
        layers.TimeDistributed(layers.Dense(2))(np.zeros((2, 3), "float32"))


class MinimalCell(layers.Layer):
    """The Keras guide's custom cell: a user's own step, trained through the autodiff."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.kernel) + keras.ops.matmul(states[0], self.recurrent_kernel)
        return h, [h]


def test_a_users_cell_trains_through_the_general_path():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(6, 3)), layers.RNN(MinimalCell(4)), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    y = X.sum(axis=(1, 2))[:, None] * 0.1
    history = model.fit(X, y, epochs=30, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


def test_cudnn_spellings_run_as_lstm_and_gru_with_a_warning():
    from numkeras.compat import session

    with session.activated():
        from tensorflow.keras.layers import CuDNNGRU, CuDNNLSTM

        with pytest.warns(DeprecationWarning, match="CuDNNLSTM.*LSTM"):
            lstm = CuDNNLSTM(3, return_sequences=True)
        with pytest.warns(DeprecationWarning, match="CuDNNGRU"):
            gru = CuDNNGRU(2)
    assert isinstance(lstm, layers.LSTM) and isinstance(gru, layers.GRU) and gru.cell.reset_after
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gru(lstm(X)).shape == (4, 2)


def test_unroll_is_accepted_and_changes_nothing():
    a, b = layers.GRU(3, unroll=True), layers.GRU(3)
    a(X)
    b(X)
    b.set_weights(a.get_weights())
    np.testing.assert_allclose(a(X).numpy(), b(X).numpy())
    assert a.get_config()["unroll"] is True


def test_encoder_states_start_a_decoder_in_a_functional_model(tmp_path):
    encoder_in, decoder_in = keras.Input((5, 3)), keras.Input((6, 3))
    _, h, c = layers.LSTM(4, return_state=True)(encoder_in)
    decoder = layers.LSTM(4, return_sequences=True)
    out = decoder(decoder_in, initial_state=[h, c])
    model = keras.Model([encoder_in, decoder_in], layers.TimeDistributed(layers.Dense(2))(out))
    x = [np.random.default_rng(1).random((2, 5, 3), dtype="float32"), np.ones((2, 6, 3), "float32")]
    encoder = model.layers[1] if isinstance(model.layers[1], layers.LSTM) else model.layers[2]
    _, h_value, c_value = encoder(x[0])
    expected = decoder(x[1], initial_state=[h_value, c_value]).numpy()
    got = keras.Model(model.inputs, out).predict(x, verbose=0)
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    model.compile("adam", "mse")
    model.fit(x, np.zeros((2, 6, 2), "float32"), epochs=1, verbose=0)
    model.save(tmp_path / "seq2seq.keras")
    again = keras.saving.load_model(tmp_path / "seq2seq.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
