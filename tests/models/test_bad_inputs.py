"""Bad inputs that used to slip through fit/evaluate/predict (or gave a raw NumPy error): each now
raises a ValueError/TypeError naming the argument, the expected and the received value, before
any weight changes (or warns where Keras only warns)."""
import warnings

import numpy as np
import pytest

import numkeras as keras
from numkeras import layers

RS = np.random.RandomState(1)
X = RS.rand(12, 3).astype("float32")
Y = RS.rand(12, 1).astype("float32")
LABELS = np.arange(12) % 3


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def regressor():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


def classifier():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    return model


def raises_before_training(model, call, error, match):
    """`call(model)` raises `error` matching `match`, and no weight changed."""
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(error, match=match):
        call(model)
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("method", ["fit", "evaluate", "predict"])
@pytest.mark.parametrize("value, error, match", [
    (0, ValueError, r"`batch_size` must be an int >= 1, got 0\."),
    (-1, ValueError, r"`batch_size` must be an int >= 1, got -1\."),
    (1.5, TypeError, r"`batch_size` must be an int >= 1, got 1\.5 of type float\."),
    ("32", TypeError, r"`batch_size` must be an int >= 1, got '32' of type str\."),
    (True, TypeError, r"`batch_size` must be an int >= 1, got True of type bool\."),
])
def test_batch_size_is_validated_alike_by_fit_evaluate_and_predict(method, value, error, match):
    model = regressor()
    args = (X,) if method == "predict" else (X, Y)
    raises_before_training(model, lambda m: getattr(m, method)(*args, batch_size=value, verbose=0),
                           error, rf"^{method}\(\): {match}")


def test_steps_are_validated_by_evaluate_and_predict():
    with pytest.raises(ValueError, match=r"^evaluate\(\): `steps` must be an int >= 1, got 0\."):
        regressor().evaluate(X, Y, steps=0, verbose=0)
    with pytest.raises(TypeError, match=r"^predict\(\): `steps` must be an int >= 1, got 2\.0"):
        regressor().predict(X, steps=2.0, verbose=0)
    with pytest.raises(ValueError, match=r"^fit\(\): `validation_freq` must be an int >= 1, got 0"):
        regressor().fit(X, Y, validation_split=0.25, validation_freq=0, verbose=0)


def test_validation_split_must_be_a_number():
    raises_before_training(regressor(), lambda m: m.fit(X, Y, validation_split="0.2", verbose=0),
                           TypeError, r"^fit\(\): `validation_split` must be a float in \[0, 1\), got "
                                      r"'0\.2' of type str\.")


def test_validation_data_needs_targets():
    raises_before_training(regressor(), lambda m: m.fit(X, Y, validation_data=(X,), verbose=0),
                           ValueError, r"`validation_data` must be a tuple \(x_val, y_val\) or "
                                       r"\(x_val, y_val, sample_weight_val\), got a tuple of 1 item")
    raises_before_training(regressor(), lambda m: m.fit(X, Y, validation_data=(X, None), verbose=0),
                           ValueError, r"got y_val=None; pass the validation targets")
    history = regressor().fit(X, Y, validation_data=(X, Y), epochs=2, verbose=0).history
    assert len(history["val_loss"]) == 2 and all(v > 0 for v in history["val_loss"])


@pytest.mark.parametrize("class_weight, error, match", [
    ({"a": 1.0}, TypeError, r"`class_weight` keys must be int class ids, got 'a' of type str"),
    ([1.0, 2.0, 3.0], TypeError, r"`class_weight` must be a dict \{class_id: weight\}, got list "
                                 r"\(for a list of per-class weights, pass dict\(enumerate"),
    ({-1: 2.0}, ValueError, r"`class_weight` keys must be class ids >= 0, got -1\."),
    ({0: float("nan")}, ValueError, r"`class_weight\[0\]` must be a finite number >= 0, got nan\."),
    ({0: -1.0}, ValueError, r"`class_weight\[0\]` must be a finite number >= 0, got -1\.0\."),
    ({0: "2"}, TypeError, r"`class_weight\[0\]` must be a number, got '2' of type str\."),
])
def test_class_weight_keys_and_values(class_weight, error, match):
    raises_before_training(classifier(), lambda m: m.fit(X, LABELS, class_weight=class_weight,
                                                         verbose=0), error, rf"^fit\(\): {match}")
    with pytest.raises(error, match=match):
        classifier().train_on_batch(X, LABELS, class_weight=class_weight)


def test_class_weight_is_refused_for_targets_that_are_not_class_ids():
    raises_before_training(regressor(), lambda m: m.fit(X, Y * 3, class_weight={0: 1.0, 1: 2.0},
                                                        verbose=0),
                           ValueError, r"^fit\(\): `class_weight` weighs samples by class id, but y "
                                       r"holds 12 value\(s\) that are not class ids .* Drop class_weight")


def test_class_weight_still_weighs_ids_float_ids_and_one_hot_rows():
    """Integer-valued float labels (0./1.) and one-hot rows stay accepted; the weights land on
    the right samples: a class weighted 0 contributes nothing to the loss."""
    binary = keras.Sequential([keras.Input((3,)), layers.Dense(1, activation="sigmoid")])
    binary.compile("sgd", "binary_crossentropy")
    y01 = (LABELS == 1).astype("float32")
    loss_all = binary.test_on_batch(X, y01)
    only_ones = binary.evaluate(X[y01 == 1], y01[y01 == 1], verbose=0)
    binary.compile(keras.optimizers.SGD(0.0), "binary_crossentropy")
    binary.train_on_batch(X, y01, class_weight={0: 0.0, 1: 1.0})
    weighted = binary.train_on_batch(X, y01, class_weight={0: 0.0, 1: 1.0})
    # sum over samples of w*loss / n: only class-1 samples count, a third of the 12
    np.testing.assert_allclose(weighted, only_ones / 3, rtol=1e-5)
    assert weighted != pytest.approx(loss_all)
    one_hot = np.eye(3, dtype="float32")[LABELS]
    model = keras.Sequential([keras.Input((3,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", "categorical_crossentropy")
    assert np.isfinite(model.fit(X, one_hot, class_weight={0: 1.0, 1: 2.0, 2: 0.5},
                                 verbose=0).history["loss"][0])


def test_class_weight_needs_a_single_output():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, [layers.Dense(3, activation="softmax")(inputs),
                                 layers.Dense(3, activation="softmax")(inputs)])
    model.compile("sgd", "sparse_categorical_crossentropy")
    raises_before_training(model, lambda m: m.fit(X, [LABELS, LABELS], class_weight={0: 2.0},
                                                  verbose=0),
                           ValueError, r"`class_weight` is only supported for models with a single "
                                       r"output; got 2 target arrays")


def test_nan_in_sample_weight():
    weights = np.ones(12)
    weights[4] = np.nan
    raises_before_training(regressor(), lambda m: m.fit(X, Y, sample_weight=weights, verbose=0),
                           ValueError, r"^sample_weight contains 1 NaN or infinite value")
    with pytest.raises(ValueError, match=r"^sample_weight contains 1 NaN"):
        regressor().evaluate(X, Y, sample_weight=weights, verbose=0)


def batches_with_a_bad_one(bad_index, bad_value, where="x"):
    out = []
    for i in range(4):
        xb, yb = X[3 * i:3 * i + 3].copy(), Y[3 * i:3 * i + 3].copy()
        if i == bad_index:
            (xb if where == "x" else yb)[1, 0] = bad_value
        out.append((xb, yb))
    return out


class Batches(keras.utils.PyDataset):
    def __init__(self, items):
        super().__init__()
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]


def test_nan_or_inf_from_a_generator_names_the_batch():
    model = regressor()
    with pytest.raises(ValueError, match=r"^fit\(\): batch 2 from the generator/PyDataset has 1 NaN "
                                         r"or infinite value\(s\) in x \(shape \(3, 3\)\)"):
        model.fit(iter(batches_with_a_bad_one(2, np.nan)), verbose=0)
    with pytest.raises(ValueError, match=r"^evaluate\(\): batch 1 .* in y "):
        model.evaluate(iter(batches_with_a_bad_one(1, np.inf, "y")), verbose=0)


def test_nan_or_inf_from_a_pydataset_names_the_batch_before_its_step():
    model = regressor()
    seen = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    with pytest.raises(ValueError, match=r"^fit\(\): batch 3 from the generator/PyDataset has 1 NaN "
                                         r"or infinite value\(s\) in x"):
        model.fit(Batches(batches_with_a_bad_one(3, np.inf)), callbacks=[callback], verbose=0)
    assert seen == [0, 1, 2]  # the bad batch never reached a training step


def test_predict_passes_nan_through_at_every_size():
    """Keras's behaviour: NaN in, NaN out, whatever the number of rows or the source."""
    model = regressor()
    for rows in (1, 12, 32, 33, 100):
        x = RS.rand(rows, 3).astype("float32")
        x[0, 0] = np.nan
        out = model.predict(x, verbose=0)
        assert out.shape == (rows, 1) and np.isnan(out[0, 0]) and np.isfinite(out[1:]).all()
    out = model.predict(iter([X.copy() * np.nan]), verbose=0)
    assert np.isnan(out).all()


def test_complex_inputs_are_refused():
    raises_before_training(regressor(), lambda m: m.fit(X + 1j, Y, verbose=0), TypeError,
                           r"^x holds complex numbers \(dtype complex64\); models work on real numbers")
    with pytest.raises(TypeError, match=r"^y holds complex numbers \(dtype complex128\)"):
        regressor().evaluate(X, Y.astype("complex128"), verbose=0)


def test_normalization_adapt_on_empty_or_nan_data():
    with pytest.raises(ValueError, match=r"Normalization 'normalization'\.adapt\(\) got data with no "
                                         r"samples \(first batch of shape \(0, 4\)\)"):
        layers.Normalization().adapt(np.zeros((0, 4)))
    bad = np.ones((5, 4))
    bad[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"Normalization 'normalization_1'\.adapt\(\) got data with 1 "
                                         r"NaN or infinite value\(s\) \(shape \(5, 4\)\)"):
        layers.Normalization().adapt(bad)
    norm = layers.Normalization()
    norm.adapt([np.zeros((0, 2)), np.array([[1.0, 2.0], [3.0, 6.0]])])  # an empty batch adds nothing
    np.testing.assert_allclose(np.ravel(norm.mean), [2.0, 4.0])
    np.testing.assert_allclose(np.ravel(norm.variance), [1.0, 4.0])


def test_weights_of_an_unbuilt_model():
    model = keras.Sequential([layers.Dense(3), layers.Dense(1)])
    weights = [np.ones((4, 3)), np.ones(3), np.ones((3, 1)), np.ones(1)]
    with pytest.raises(ValueError, match=r"^Sequential 'sequential' is not built yet, so it has no "
                                         r"weights: build it first by giving it an input shape "
                                         r"\(keras.Input\(shape\) as the first layer, or "
                                         r"model.build\(\(None, \*shape\)\)\) or by calling it on "
                                         r"data\. set_weights\(\) got 4 arrays for none\."):
        model.set_weights(weights)
    with pytest.warns(UserWarning, match=r"Sequential 'sequential' is not built yet.* get_weights\(\) "
                                         r"returns \[\]"):
        assert model.get_weights() == []
    model.build((None, 4))
    model.set_weights(weights)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 1), (1,)]


def test_evaluate_on_an_empty_generator_warns():
    with pytest.warns(UserWarning, match=r"evaluate\(\): the generator/PyDataset yielded no batches"):
        regressor().evaluate(iter([]), verbose=0)
    with pytest.warns(UserWarning, match=r"yielded no batches"):
        regressor().evaluate(Batches([]), verbose=0)


def test_embedding_ids_are_checked_over_the_whole_array_before_training():
    ids = RS.randint(0, 5, (100, 3))
    ids[95, 1] = 7  # in the last batch: reported before the first one trains
    target = np.ones((100, 1), "float32")
    sequential = keras.Sequential([keras.Input((3,), dtype="int32"), layers.Embedding(5, 2),
                                   layers.Flatten(), layers.Dense(1)])
    sequential.compile("sgd", "mse")
    raises_before_training(sequential, lambda m: m.fit(ids, target, batch_size=10, shuffle=False,
                                                       verbose=0),
                           ValueError, r"Embedding 'embedding' got id 7, but ids must be in \[0, 4\] "
                                       r"\(input_dim=5\)")
    numbers = keras.Input((2,))
    tokens = keras.Input((3,), dtype="int32")
    merged = layers.Concatenate()([numbers, layers.Flatten()(layers.Embedding(5, 2)(tokens))])
    functional = keras.Model([numbers, tokens], layers.Dense(1)(merged))
    functional.compile("sgd", "mse")
    raises_before_training(functional, lambda m: m.fit([RS.rand(100, 2), ids], target, batch_size=10,
                                                       verbose=0),
                           ValueError, r"Embedding 'embedding_1' got id 7")


def test_linear_logits_with_sparse_labels_train():
    """A Dense(3) without activation and integer labels (from_logits=True): the fused dense-chain
    step must step aside for class-id targets instead of failing on its one-hot-shaped probe."""
    model = keras.Sequential([keras.Input((3,)), layers.Dense(3)])
    model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(X, LABELS, epochs=2, verbose=0).history
    assert len(history["loss"]) == 2 and np.isfinite(history["loss"]).all()


def test_class_weight_applies_to_generator_batches_too():
    """As Keras: a generator's batches are weighed by class like arrays are (it used to be
    ignored), and a bad class_weight is refused before the first step."""
    def losses(data, class_weight):
        keras.utils.set_random_seed(3)
        model = classifier()
        return model.fit(data, class_weight=class_weight, epochs=1, shuffle=False, batch_size=4,
                         verbose=0).history["loss"][0]

    weights = {0: 0.0, 1: 3.0, 2: 1.0}
    batches = [(X[i:i + 4], LABELS[i:i + 4]) for i in range(0, 12, 4)]
    keras.utils.set_random_seed(3)
    from_arrays = classifier().fit(X, LABELS, class_weight=weights, shuffle=False, batch_size=4,
                                   verbose=0).history["loss"][0]
    np.testing.assert_allclose(losses(iter(batches), weights), from_arrays, rtol=1e-5)
    np.testing.assert_allclose(losses(Batches(batches), weights), from_arrays, rtol=1e-5)
    assert losses(iter(batches), None) != pytest.approx(from_arrays)
    with pytest.raises(ValueError, match=r"`class_weight` keys must be class ids >= 0, got -2"):
        classifier().fit(iter(batches), class_weight={-2: 1.0}, verbose=0)
