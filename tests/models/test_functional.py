"""The functional API: keras.Input, Model(inputs, outputs), several inputs (by position and by
name) and outputs, shared layers, nested models, and the `training` flag through the graph."""
import numpy as np
import pytest

import numkeras as keras
from numkeras import layers
from numkeras.models import Functional

RS = np.random.RandomState(0)
XA = RS.rand(10, 3).astype("float32")
XB = RS.rand(10, 2).astype("float32")
Y = RS.rand(10, 1).astype("float32")


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def two_input_model(by_name=False):
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    merged = layers.Concatenate()([layers.Dense(4, activation="tanh")(a), b])
    out = layers.Dense(1, name="out")(merged)
    return keras.Model({"a": a, "b": b} if by_name else [a, b], out)


def test_input_and_model_make_a_functional_model():
    inputs = keras.Input(shape=(3,))
    assert inputs.shape == (None, 3) and inputs.dtype == "float32"
    model = keras.Model(inputs, layers.Dense(2)(inputs))
    assert type(model) is Functional and isinstance(model, keras.Model)
    assert model.name == "functional"
    assert [type(l).__name__ for l in model.layers] == ["InputLayer", "Dense"]
    assert model(np.ones((4, 3), "float32")).shape == (4, 2)
    also = keras.Model(inputs=inputs, outputs=layers.Dense(2)(inputs), name="kw")
    assert type(also) is Functional and also.name == "kw"


def test_several_inputs_by_position_and_by_name():
    listed = two_input_model()
    expected = listed.predict([XA, XB], verbose=0)
    assert expected.shape == (10, 1)
    # A dict by input name works for a model built from a list, in any key order.
    np.testing.assert_array_equal(listed.predict({"b": XB, "a": XA}, verbose=0), expected)
    named = two_input_model(by_name=True)
    named.set_weights(listed.get_weights())
    np.testing.assert_array_equal(named.predict({"b": XB, "a": XA}, verbose=0), expected)
    named.compile("sgd", "mse")
    history = named.fit({"b": XB, "a": XA}, Y, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    with pytest.raises(ValueError, match=r"got a dict with keys \['a', 'zz'\]; its inputs are named "
                                         r"\['a', 'b'\]"):
        listed.predict({"a": XA, "zz": XB}, verbose=0)
    with pytest.raises(ValueError, match=r"expects input of shape \(None, 2\), but x\[1\] has shape "
                                         r"\(10, 3\)"):
        named.fit({"b": XA, "a": XA}, Y, verbose=0)


def test_several_outputs_predict_a_list_and_a_one_item_list_unwraps():
    inputs = keras.Input((3,))
    hidden = layers.Dense(4, activation="relu")(inputs)
    model = keras.Model(inputs, [layers.Dense(1)(hidden), layers.Dense(2)(hidden)])
    out = model.predict(XA, verbose=0)
    assert isinstance(out, list) and [o.shape for o in out] == [(10, 1), (10, 2)]
    assert model.output_shape == [(None, 1), (None, 2)]
    single = keras.Model([inputs], [layers.Dense(1)(inputs)])
    assert isinstance(single.predict(XA, verbose=0), np.ndarray)  # as Keras: not a list of one
    assert single.predict([XA], verbose=0).shape == (10, 1)


def test_dict_outputs_are_named_by_their_keys():
    inputs = keras.Input((3,))
    hidden = layers.Dense(4)(inputs)
    model = keras.Model(inputs, {"price": layers.Dense(1)(hidden), "kind": layers.Dense(1)(hidden)})
    model.compile("sgd", loss={"price": "mse", "kind": "mae"}, metrics={"price": ["mae"]})
    history = model.fit(XA, {"kind": Y, "price": 2 * Y}, epochs=1, verbose=0)
    assert list(history.history) == ["kind_loss", "loss", "price_loss", "price_mae"]
    out = model.predict(XA, verbose=0)
    assert sorted(out) == ["kind", "price"] and out["price"].shape == (10, 1)
    with pytest.raises(ValueError, match=r"y is a dict with keys \['kind'\], but model 'functional' "
                                         r"has outputs \['kind', 'price'\]; no targets for \['price'\]"):
        model.fit(XA, {"kind": Y}, verbose=0)


def test_a_shared_layer_has_one_set_of_weights():
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input((4,)), keras.Input((4,))
    model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert len(model.weights) == 2 and model.count_params() == 15
    x1, x2 = RS.rand(5, 4).astype("float32"), RS.rand(5, 4).astype("float32")
    W, bias = shared.get_weights()
    np.testing.assert_allclose(model.predict([x1, x2], verbose=0), x1 @ W + x2 @ W + 2 * bias,
                               rtol=1e-5)
    model.compile(keras.optimizers.SGD(0.1), "mse")
    model.fit([x1, x2], np.zeros((5, 3), "float32"), epochs=1, verbose=0)
    assert not np.allclose(shared.get_weights()[0], W)  # both paths' gradients reach it


def test_nested_models_are_layers_and_train():
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(2)], name="inner")
    inputs = keras.Input((4,))
    model = keras.Model(inputs, layers.Dense(1, name="head")(inner(inputs)), name="outer")
    assert [l.name for l in model.layers] == ["input_layer_1", "inner", "head"]
    assert model.count_params() == inner.count_params() + 3
    assert len(model.weights) == 6 and model.weights[:4] == inner.weights
    before = inner.get_weights()[0].copy()
    model.compile("adam", "mse")
    model.fit(RS.rand(6, 4).astype("float32"), RS.rand(6, 1).astype("float32"), epochs=2, verbose=0)
    assert not np.allclose(inner.get_weights()[0], before)
    inner.trainable = False
    assert model.count_params() == 26 and len(model.trainable_weights) == 2


def test_training_flag_reaches_dropout_in_a_nested_model():
    inner = keras.Sequential([keras.Input((8,)), layers.Dropout(0.5)])
    inputs = keras.Input((8,))
    model = keras.Model(inputs, layers.Dense(1, kernel_initializer="ones")(inner(inputs)))
    x = np.ones((64, 8), "float32")
    np.testing.assert_allclose(model(x).numpy(), 8.0)  # inference: dropout is the identity
    np.testing.assert_allclose(model.predict(x, verbose=0), 8.0)
    trained = model(x, training=True).numpy()
    assert not np.allclose(trained, 8.0)
    assert set(np.unique(trained * 2) % 4) == {0.0}  # sums of kept units, scaled by 1/(1-0.5)


def test_errors_name_the_problem():
    a = keras.Input((3,), name="a")
    orphan = keras.Input((3,), name="orphan")
    with pytest.raises(ValueError, match=r"Graph disconnected: .* \(inputs: \['a'\]\)"):
        keras.Model(a, layers.Dense(1)(orphan))
    with pytest.raises(TypeError, match="must be KerasTensors"):
        keras.Model(a, np.ones((1, 3)))
    with pytest.raises(ValueError, match="needs a `shape`"):
        keras.Input()
    with pytest.raises(TypeError, match="symbolic placeholder of the functional API"):
        np.asarray(a)


def test_config_round_trip_gives_the_same_model():
    model = two_input_model()
    clone = keras.Model.from_config(model.get_config())
    assert type(clone) is Functional
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    clone.set_weights(model.get_weights())
    np.testing.assert_array_equal(clone.predict([XA, XB], verbose=0),
                                  model.predict([XA, XB], verbose=0))


def test_input_forms():
    assert [keras.Input((1,)).name, keras.Input((1,)).name] == ["input_layer", "input_layer_1"]
    assert keras.Input(shape=5).shape == (None, 5)
    assert keras.Input(shape=(3,), batch_size=8).shape == (8, 3)
    assert keras.Input(batch_shape=(4, None, 2)).shape == (4, None, 2)
    assert keras.Input((None,), dtype="int32").dtype == "int32"
    assert keras.Input((1,), name="price").name == "price"
    with pytest.raises(NotImplementedError, match=r"Input\(tensor=...\) wraps an existing backend "
                                                  r"tensor, which numkeras does not support"):
        keras.Input((3,), tensor=np.ones((1, 3)))
