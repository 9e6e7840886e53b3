"""Sequential: building (eager with an Input, deferred without), add/pop, the Keras 2 spellings,
the model's layers and weights, and summary() of the seed XOR model."""
import warnings

import numpy as np
import pytest
from float32_tolerance import assert_float32_close

import numkeras as keras
from numkeras import layers

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], "float32")
XOR_Y = np.array([[0], [1], [1], [0]], "float32")


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def xor_model():
    return keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2, activation="sigmoid"),
                             layers.Dense(1, activation="sigmoid")])


def test_input_first_builds_at_once():
    model = xor_model()
    assert model.built
    assert [l.name for l in model.layers] == ["dense", "dense_1"]  # the Input is not a layer
    assert model.input_shape == (None, 2) and model.output_shape == (None, 1)
    assert [w.shape for w in model.get_weights()] == [(2, 2), (2,), (2, 1), (1,)]
    assert model.count_params() == 9


def test_without_input_shape_the_build_waits_for_data():
    model = keras.Sequential([layers.Dense(4), layers.Dense(1)])
    assert not model.built and model.weights == []
    with pytest.raises(ValueError, match="'sequential' is not built yet"):
        model.count_params()
    out = model(np.ones((5, 3), "float32"))
    assert out.shape == (5, 1)
    assert model.built and model.count_params() == 3 * 4 + 4 + 4 + 1
    assert model.input_shape == (None, 3)


def test_deferred_build_happens_in_fit():
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1)])
    model.compile("adam", "mse")
    model.fit(np.ones((8, 5), "float32"), np.ones((8, 1), "float32"), epochs=1, verbose=0)
    assert model.built and model.layers[0].kernel.shape == (5, 4)


def test_input_shape_on_the_first_layer_builds_too():
    model = keras.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(1)])
    assert model.built and model.input_shape == (None, 3)
    with pytest.warns(DeprecationWarning, match="input_dim"):
        legacy = keras.Sequential([layers.Dense(4, input_dim=3)])
    assert legacy.input_shape == (None, 3)


def test_add_and_pop():
    model = keras.Sequential()
    model.add(keras.Input((3,)))
    model.add(layers.Dense(4))
    model.add(layers.Dense(2))
    assert model.built and model.output_shape == (None, 2)
    popped = model.pop()
    assert popped.name == "dense_1"
    assert [l.name for l in model.layers] == ["dense"]
    assert model.output_shape == (None, 4) and len(model.weights) == 2
    model.add(layers.Dense(7))
    assert model.predict(np.ones((2, 3), "float32"), verbose=0).shape == (2, 7)


def test_single_layer_argument_is_the_keras_2_spelling():
    with pytest.warns(DeprecationWarning, match=r"pass a list, Sequential\(\[layer\]\)"):
        model = keras.Sequential(layers.Dense(2))
    assert len(model.layers) == 1


def test_stacking_errors_are_clear():
    with pytest.raises(ValueError, match="an Input can only be the first element"):
        keras.Sequential([layers.Dense(2), keras.Input((3,))])
    with pytest.raises(TypeError, match=r"Did you forget the parentheses, e.g. Dense\(10\)"):
        keras.Sequential([layers.Dense])
    with pytest.raises(ValueError, match="must have unique names; 'a' is already used"):
        keras.Sequential([layers.Dense(2, name="a"), layers.Dense(2, name="a")])
    with pytest.raises(TypeError, match="has no layers to pop"):
        keras.Sequential().pop()
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Sequential: \['foo'\]"):
        keras.Sequential([], foo=1)


def test_layers_get_layer_and_weights():
    model = xor_model()
    assert model.get_layer("dense_1") is model.layers[1]
    assert model.get_layer(index=0) is model.layers[0]
    with pytest.raises(ValueError, match=r"No such layer: 'nope'. Model 'sequential' has layers: "
                                         r"\['dense', 'dense_1'\]"):
        model.get_layer("nope")
    with pytest.raises(ValueError, match=r"get_layer\(index=5\) is out of range"):
        model.get_layer(index=5)
    new = [np.full(w.shape, i, "float32") for i, w in enumerate(model.get_weights())]
    model.set_weights(new)
    for got, want in zip(model.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    assert model.get_weights()[0] is not model.get_weights()[0]  # copies, not the live arrays
    with pytest.raises(ValueError, match="expected 4 weight arrays, got 1"):
        model.set_weights(new[:1])
    with pytest.raises(ValueError, match=r"weight 'dense/kernel' has shape \(2, 2\), got an array of "
                                         r"shape \(3, 2\)"):
        model.set_weights([np.ones((3, 2))] + new[1:])


def test_weights_are_listed_layer_by_layer_as_keras_does():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.BatchNormalization(),
                              layers.Dense(2)])
    names = [w.path for w in model.weights]
    assert names == ["dense/kernel", "dense/bias", "batch_normalization/gamma",
                     "batch_normalization/beta", "batch_normalization/moving_mean",
                     "batch_normalization/moving_variance", "dense_1/kernel", "dense_1/bias"]
    assert [w.path for w in model.non_trainable_weights] == names[4:6]
    assert model.count_params() == 16 + 16 + 10


def test_symbolic_output_starts_a_feature_extractor():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="relu", name="hidden"),
                              layers.Dense(1)])
    x = np.random.RandomState(0).rand(5, 3).astype("float32")
    features = keras.Model(model.input, model.get_layer("hidden").output)
    W, b = model.get_layer("hidden").get_weights()
    # the models' forward passes and the NumPy expression may add in other orders: float32 rounding
    assert_float32_close(features.predict(x, verbose=0), np.maximum(x @ W + b, 0))
    whole = keras.Model(model.inputs, model.outputs)
    assert_float32_close(whole.predict(x, verbose=0), model.predict(x, verbose=0))
    assert keras.Sequential([layers.Dense(1)]).outputs is None


def test_xor_summary_text(capsys):
    xor_model().summary()
    assert capsys.readouterr().out.splitlines()[-7:] == [
        "│ dense (Dense)                   │ (None, 2)              │             6 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ dense_1 (Dense)                 │ (None, 1)              │             3 │",
        "└─────────────────────────────────┴────────────────────────┴───────────────┘",
        " Total params: 9 (36.00 B)",
        " Trainable params: 9 (36.00 B)",
        " Non-trainable params: 0 (0.00 B)",
    ]


def test_xor_trains_and_a_frozen_layer_is_not_updated():
    keras.utils.set_random_seed(3)
    model = xor_model()
    model.compile(keras.optimizers.SGD(learning_rate=1.0), "binary_crossentropy", metrics=["accuracy"])
    model.layers[0].trainable = False
    first = model.layers[0].get_weights()
    model.fit(XOR_X, XOR_Y, epochs=5, batch_size=4, verbose=0)
    for got, want in zip(model.layers[0].get_weights(), first):
        np.testing.assert_array_equal(got, want)
    lines = []
    model.summary(print_fn=lines.append)
    assert " Trainable params: 3 (12.00 B)\n Non-trainable params: 6 (24.00 B)\n" in lines[0]


def test_compile_does_not_change_predictions():
    model = xor_model()
    before = model.predict(XOR_X, verbose=0)
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    np.testing.assert_array_equal(model.predict(XOR_X, verbose=0), before)
    np.testing.assert_array_equal(model(XOR_X).numpy(), before)
    np.testing.assert_array_equal(model.predict_on_batch(XOR_X), before)


def test_config_round_trip_keeps_the_architecture():
    model = xor_model()
    clone = keras.Sequential.from_config(model.get_config())
    assert [type(l).__name__ for l in clone.layers] == ["Dense", "Dense"]
    assert clone.built and clone.input_shape == (None, 2)
    clone.set_weights(model.get_weights())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(clone.predict(XOR_X, verbose=0), model.predict(XOR_X, verbose=0))
