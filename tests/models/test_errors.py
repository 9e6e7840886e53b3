"""Mistakes fit/evaluate/predict catch before any training step, with messages that name the
argument or layer and say what to do. Each check also makes sure the weights were not touched."""
import numpy as np
import pytest

import numkeras as keras
from numkeras import layers

RS = np.random.RandomState(0)
X = RS.rand(10, 3).astype("float32")
Y = RS.rand(10, 1).astype("float32")


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def model_for(units=1, activation=None, loss="mse", metrics=None, compile=True):
    model = keras.Sequential([keras.Input((3,)), layers.Dense(units, activation=activation)])
    if compile:
        model.compile("sgd", loss, metrics=metrics)
    return model


def raises_before_training(model, call, error, match):
    """`call(model)` raises `error` matching `match`, and no weight changed."""
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(error, match=match):
        call(model)
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_fit_and_evaluate_need_compile_first():
    model = model_for(compile=False)
    for method in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
        with pytest.raises(RuntimeError, match=rf"You must call compile\(\) before {method}\(\): e.g. "
                                               r"model.compile\(optimizer='rmsprop', loss='mse'\)"):
            getattr(model, method)(X, Y)
    assert model.predict(X, verbose=0).shape == (10, 1)  # predict needs no compile


def test_lengths_must_match():
    raises_before_training(model_for(), lambda m: m.fit(X, Y[:7], verbose=0), ValueError,
                           r"fit\(\) got 10 in x, 7 in y; they must match along axis 0 \(one row per "
                           r"sample\)")
    raises_before_training(model_for(), lambda m: m.fit(X, Y, sample_weight=np.ones(4), verbose=0),
                           ValueError, r"10 in x, 10 in y, 4 in sample_weight")
    with pytest.raises(ValueError, match=r"evaluate\(\) got 10 in x, 9 in y"):
        model_for().evaluate(X, Y[:9], verbose=0)


def test_feature_count_and_missing_batch_axis():
    raises_before_training(model_for(), lambda m: m.fit(RS.rand(10, 4), Y, verbose=0), ValueError,
                           r"fit\(\): model 'sequential' expects input of shape \(None, 3\), but x has "
                           r"shape \(10, 4\) \(samples of shape \(4,\)\)\.$")
    with pytest.raises(ValueError, match=r"predict\(\): model 'sequential_1' expects input of shape "
                                         r"\(None, 3\), but x has shape \(3,\) .* It looks like one "
                                         r"sample without the batch axis: pass x\[None\] \(or "
                                         r"\.reshape\(1, -1\)\) for a single sample\."):
        model_for().predict(np.ones(3, "float32"), verbose=0)
    images = keras.Sequential([keras.Input((12,)), layers.Dense(2)])
    with pytest.raises(ValueError, match=r"Flatten the samples first \(x.reshape\(len\(x\), 12\)\) or "
                                         r"start the model with a Flatten layer"):
        images.predict(np.ones((5, 3, 4), "float32"), verbose=0)
    with pytest.raises(ValueError, match=r"Input 0 of layer 'dense_3' is incompatible with the layer: "
                                         r"expected last axis of size 3, got input with shape \(10, 4\)"):
        model_for()(RS.rand(10, 4).astype("float32"))


def test_labels_that_do_not_fit_the_loss():
    sparse = dict(units=3, activation="softmax", loss="sparse_categorical_crossentropy")
    one_hot = np.eye(3, dtype="float32")[RS.randint(0, 3, 10)]
    raises_before_training(model_for(**sparse), lambda m: m.fit(X, one_hot, verbose=0), ValueError,
                           r"sparse_categorical_crossentropy: y_true of shape \(10, 3\) looks one-hot .* "
                           r"use categorical_crossentropy, or pass np.argmax\(y, axis=-1\)")
    ids = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 5])  # the bad id is in the last batch
    raises_before_training(model_for(**sparse), lambda m: m.fit(X, ids, batch_size=2, verbose=0),
                           ValueError, r"y_true contains class id 5, but y_pred has 3 classes .* class "
                                       r"ids must be integers in \[0, 3\)")
    raises_before_training(
        model_for(3, "softmax", "categorical_crossentropy"), lambda m: m.fit(X, ids % 3, verbose=0),
        ValueError, r"labels look like class indices of shape \(10,\) but the loss is "
                    r"categorical_crossentropy .* use sparse_categorical_crossentropy or "
                    r"keras.utils.to_categorical\(y, 3\)")


def test_nan_inf_empty_and_strings():
    bad_x = X.copy()
    bad_x[9, 1] = np.nan
    bad_x[8, 0] = np.inf
    raises_before_training(model_for(), lambda m: m.fit(bad_x, Y, verbose=0), ValueError,
                           r"^x contains 2 NaN or infinite value\(s\); clean or impute them before "
                           r"training \(e.g. np.nan_to_num or dropping those rows\)\.$")
    bad_y = Y.copy()
    bad_y[3] = np.nan
    raises_before_training(model_for(), lambda m: m.fit(X, bad_y, verbose=0), ValueError,
                           r"^y contains 1 NaN or infinite value")
    raises_before_training(model_for(), lambda m: m.fit(X, Y, validation_data=(bad_x, Y), verbose=0),
                           ValueError, r"^x contains 2 NaN")
    raises_before_training(model_for(), lambda m: m.fit(X[:0], Y[:0], verbose=0), ValueError,
                           r"fit\(\) got empty arrays \(0 samples\); pass at least one sample\.")
    raises_before_training(model_for(), lambda m: m.fit(X, np.array(["a"] * 10), verbose=0), TypeError,
                           r"y holds strings \(dtype <U1\); encode them as numbers first")


def test_missing_targets():
    raises_before_training(model_for(), lambda m: m.fit(X, verbose=0), ValueError,
                           r"fit\(\): the model was compiled with loss='mse', which compares "
                           r"predictions with targets, but no targets `y` were given\. Pass y")
    raises_before_training(model_for(), lambda m: m.train_on_batch(X), ValueError,
                           r"train_on_batch\(\): the model was compiled with loss='mse'")
    with pytest.raises(ValueError, match=r"evaluate\(\): the model was compiled with loss='mse'"):
        model_for().evaluate(X, verbose=0)
    raises_before_training(model_for(), lambda m: m.fit((x for x in [X, X]), verbose=0), ValueError,
                           r"A batch without targets: the model was compiled with loss='mse'")


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown optimizer: 'adamm'. Did you mean 'adam'\? "
                                         r"Available: .*rmsprop, sgd"):
        model_for(compile=False).compile("adamm", "mse")
    raises_before_training(model_for(loss="msee"), lambda m: m.fit(X, Y, verbose=0), ValueError,
                           r"Unknown loss: 'msee'. Did you mean 'mse'\? Available: .*mean_squared_error")
    raises_before_training(model_for(metrics=["acuracy"]), lambda m: m.fit(X, Y, verbose=0), ValueError,
                           r"Unknown metric: 'acuracy'. Did you mean 'accuracy'\? Available: ")
    with pytest.raises(ValueError, match=r"Unknown activation: 'relux'. Did you mean 'relu'\? "
                                         r"Available: .*sigmoid"):
        layers.Dense(1, activation="relux")


def test_unknown_keyword_arguments():
    model = model_for()
    with pytest.raises(ValueError, match=r"compile\(\) got unexpected keyword arguments \['foo'\]. "
                                         r"Valid arguments: optimizer, loss, loss_weights, metrics"):
        model.compile("sgd", "mse", foo=1)
    with pytest.raises(ValueError, match=r"fit\(\) got unexpected keyword arguments \['epoch'\]"):
        model.fit(X, Y, epoch=3, verbose=0)
    with pytest.raises(ValueError, match=r"evaluate\(\) got unexpected keyword arguments \['foo'\]"):
        model.evaluate(X, Y, foo=1)
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Dense: "
                                         r"\{'units_out': 3\}"):
        layers.Dense(2, units_out=3)
    with pytest.warns(DeprecationWarning, match="`workers` is a Keras 2 argument"):
        model.fit(X, Y, epochs=1, workers=4, verbose=0)


def test_bad_fit_arguments():
    model = model_for()
    cases = [
        (dict(batch_size=0), r"`batch_size` must be an int >= 1, got 0"),
        (dict(epochs=-1), r"`epochs` must be an int >= 0, got -1"),
        (dict(verbose=5), r"`verbose` must be 'auto', 0, 1 or 2, got 5"),
        (dict(steps_per_epoch=0), r"`steps_per_epoch` must be an int >= 1, got 0"),
        (dict(validation_split=1.0), r"`validation_split` must be in \[0, 1\), got 1.0"),
    ]
    for kwargs, match in cases:
        raises_before_training(model, lambda m: m.fit(X, Y, **kwargs), ValueError, match)
    raises_before_training(model, lambda m: m.fit(X[:1], Y[:1], validation_split=0.5, verbose=0),
                           ValueError, r"validation_split=0.5 leaves 0 training and 1 validation "
                                       r"samples out of 1; both must be non-empty")
    with pytest.raises(ValueError, match=r"`validation_split` works only with array inputs; pass "
                                         r"`validation_data` for generators"):
        model.fit((b for b in [(X, Y)]), validation_split=0.2, verbose=0)
    with pytest.raises(ValueError, match=r"`y` must not be given when `x` is a generator"):
        model.fit((b for b in [X]), Y, verbose=0)


def test_multi_output_compile_mismatches():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, [layers.Dense(1, name="a")(inputs), layers.Dense(1, name="b")(inputs)])
    model.compile("sgd", loss=["mse", "mse", "mae"])
    with pytest.raises(ValueError, match=r"`loss` has 3 entries but the model has 2 output\(s\) "
                                         r"\['a', 'b'\]; pass one per output, or a dict by output name"):
        model.fit(X, [Y, Y], verbose=0)
    model.compile("sgd", loss={"a": "mse", "c": "mae"})
    with pytest.raises(ValueError, match=r"`loss` names unknown outputs \['c'\]; the model's outputs "
                                         r"are \['a', 'b'\]"):
        model.fit(X, [Y, Y], verbose=0)
    model.compile("sgd", loss="mse")
    with pytest.raises(ValueError, match=r"model 'functional' has 2 output\(s\) \['a', 'b'\] but y holds "
                                         r"1 target array\(s\)"):
        model.fit(X, Y, verbose=0)
