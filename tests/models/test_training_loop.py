"""compile/fit/evaluate/predict and the per-batch methods: arguments, defaults, return forms,
what the progress bar prints, and the input kinds fit accepts."""
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from float32_tolerance import ATOL, RTOL, assert_float32_close

import numkeras as keras
from numkeras import layers
from numkeras.callbacks import LambdaCallback
from numkeras.utils import progbar

RS = np.random.RandomState(0)
X = RS.normal(size=(10, 3)).astype("float32")
Y = (X @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")
SW = np.linspace(0.5, 2.0, 10).astype("float32")


@pytest.fixture(autouse=True)
def fresh_state():
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    yield
    progbar.set_interactive(None)


class Recorder(layers.Layer):
    """Passes its input through and records, in training, the rows each batch holds."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.batches = []

    def call(self, inputs, training=None):
        if training:
            self.batches.append(inputs.numpy().copy())
        return inputs


def regression_model(lr=0.05, metrics=None, weighted_metrics=None, recorder=None):
    stack = [keras.Input((3,))] + ([recorder] if recorder is not None else []) + [layers.Dense(1)]
    model = keras.Sequential(stack)
    model.compile(keras.optimizers.SGD(learning_rate=lr), "mse", metrics=metrics,
                  weighted_metrics=weighted_metrics)
    return model


def squared_errors(model, x, y):
    return ((model.predict(x, verbose=0) - y) ** 2).reshape(-1)


# --- compile -----------------------------------------------------------------------------------
def test_compile_defaults():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    assert not model.compiled
    model.compile(loss="mse")
    assert model.compiled and type(model.optimizer).__name__ == "RMSprop"
    assert model.loss == "mse" and model.metrics_names == ["loss"]
    model.compile(optimizer="ADAM", loss="mse", metrics=["mae"])  # names are case-insensitive
    assert type(model.optimizer).__name__ == "Adam"


# --- fit: batches, shuffling, validation ---------------------------------------------------------
def test_batch_size_defaults_to_32_and_the_last_batch_is_partial():
    recorder = Recorder()
    model = regression_model(recorder=recorder)
    x = np.arange(300, dtype="float32").reshape(100, 3)
    model.fit(x, np.zeros((100, 1), "float32"), epochs=1, shuffle=False, verbose=0)
    assert [len(b) for b in recorder.batches] == [32, 32, 32, 4]
    np.testing.assert_array_equal(np.concatenate(recorder.batches), x)  # in order, each row once


def test_shuffle_reorders_the_rows_every_epoch():
    recorder = Recorder()
    model = regression_model(recorder=recorder)
    x = np.arange(60, dtype="float32").reshape(20, 3)
    model.fit(x, np.zeros((20, 1), "float32"), epochs=2, batch_size=8, verbose=0)  # shuffle=True
    first, second = np.concatenate(recorder.batches[:3]), np.concatenate(recorder.batches[3:])
    for epoch in (first, second):
        assert not np.array_equal(epoch, x)
        np.testing.assert_array_equal(np.sort(epoch[:, 0]), x[:, 0])  # every row exactly once
    assert not np.array_equal(first, second)


def test_validation_split_holds_out_the_tail_before_shuffling():
    recorder = Recorder()
    model = regression_model(lr=0.0, recorder=recorder)  # lr 0: the weights never change
    history = model.fit(X, Y, validation_split=0.3, batch_size=3, epochs=2, verbose=0)
    trained_rows = np.concatenate(recorder.batches[:3])
    np.testing.assert_array_equal(np.sort(trained_rows[:, 0]), np.sort(X[:7, 0]))
    assert history.history["loss"][0] == pytest.approx(float(np.mean(squared_errors(model, X[:7], Y[:7]))),
                                                       rel=1e-6)
    assert history.history["val_loss"] == pytest.approx(
        [model.evaluate(X[7:], Y[7:], verbose=0)] * 2, rel=1e-6)


@pytest.mark.parametrize("form", ["tuple", "list", "weighted"])
def test_validation_data_forms(form):
    model = regression_model(lr=0.0, metrics=["mae"])
    data = {"tuple": (X[:4], Y[:4]), "list": [X[:4], Y[:4]], "weighted": (X[:4], Y[:4], SW[:4])}[form]
    history = model.fit(X, Y, validation_data=data, epochs=1, verbose=0)
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    expected = model.evaluate(*data[:2], sample_weight=data[2] if form == "weighted" else None,
                              verbose=0, return_dict=True)
    assert history.history["val_loss"][0] == pytest.approx(expected["loss"], rel=1e-6)


def test_initial_epoch_resumes_the_epoch_count():
    seen = []
    model = regression_model()
    history = model.fit(X, Y, epochs=4, initial_epoch=2, verbose=0,
                        callbacks=[LambdaCallback(on_epoch_begin=lambda e, logs: seen.append(e))])
    assert seen == [2, 3] and history.epoch == [2, 3] and len(history.history["loss"]) == 2


def test_steps_per_epoch_continues_the_pass_across_epochs():
    recorder = Recorder()
    model = regression_model(recorder=recorder)
    x = np.arange(36, dtype="float32").reshape(12, 3)
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        history = model.fit(x, np.zeros((12, 1), "float32"), batch_size=4, steps_per_epoch=2,
                            epochs=4, shuffle=False, verbose=0)
    # 3 batches a pass: epochs take batches 0,1 | 2 | 0,1 | 2 (Keras 3's EpochIterator).
    assert [b[0, 0] for b in recorder.batches] == [0.0, 12.0, 24.0, 0.0, 12.0, 24.0]
    assert len(history.history["loss"]) == 4


# --- the loss and metrics the logs show ------------------------------------------------------------
def test_epoch_loss_is_the_sample_weighted_mean_over_all_batches():
    model = regression_model(lr=0.0, metrics=["mae"], weighted_metrics=["mae"])
    errors = squared_errors(model, X, Y)
    abs_errors = np.sqrt(errors)
    # batch_size 4: batches of 4, 4, 2; each batch loss is sum(w * e) / batch size, and the epoch
    # value weights each batch by its size, so it is sum(w * e) / n over the epoch.
    history = model.fit(X, Y, sample_weight=SW, batch_size=4, epochs=1, shuffle=False, verbose=0)
    assert history.history["loss"][0] == pytest.approx(float(np.sum(SW * errors) / 10), rel=1e-6)
    assert history.history["mae"][0] == pytest.approx(float(np.mean(abs_errors)), rel=1e-6)
    assert history.history["weighted_mae"][0] == pytest.approx(
        float(np.sum(SW * abs_errors) / np.sum(SW)), rel=1e-6)
    plain = model.fit(X, Y, batch_size=4, epochs=1, verbose=0).history["loss"][0]
    assert plain == pytest.approx(float(np.mean(errors)), rel=1e-6)


def test_class_weight_weighs_each_sample_by_its_class():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(3, activation="softmax")])
    model.compile(keras.optimizers.SGD(learning_rate=0.0), "sparse_categorical_crossentropy")
    labels = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 0])
    probabilities = model.predict(X, verbose=0)[np.arange(10), labels]
    weights = np.array([1.0, 2.0, 0.5])[labels]
    history = model.fit(X, labels, class_weight={0: 1.0, 1: 2.0, 2: 0.5}, batch_size=3, verbose=0)
    assert history.history["loss"][0] == pytest.approx(float(np.sum(-np.log(probabilities) * weights) / 10),
                                                       rel=1e-5)


def test_history_keys_and_values_are_named_and_ordered_as_keras():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1, activation="sigmoid")])
    labels = (X[:, :1] > 0).astype("float32")
    for metrics, keys in [(["accuracy"], ["accuracy", "loss"]), (["acc"], ["acc", "loss"]),
                          (["mae", "accuracy"], ["accuracy", "loss", "mae"])]:
        model.compile("adam", "binary_crossentropy", metrics=metrics)
        history = model.fit(X, labels, validation_data=(X, labels), epochs=2, verbose=0).history
        assert list(history) == keys + [f"val_{k}" for k in keys]
        assert all(type(v) is float for values in history.values() for v in values)
        assert model.history.history is history


# --- evaluate, predict and the per-batch methods ----------------------------------------------------
def test_evaluate_returns_a_float_a_list_or_a_dict():
    model = regression_model()
    loss = model.evaluate(X, Y, verbose=0)
    assert type(loss) is float and loss == pytest.approx(float(np.mean(squared_errors(model, X, Y))),
                                                         rel=1e-6)
    model.compile("sgd", "mse", metrics=["mae", "mse"])
    values = model.evaluate(X, Y, verbose=0)
    assert model.metrics_names == ["loss", "mae", "mse"]
    assert isinstance(values, list) and len(values) == 3 and values[0] == pytest.approx(values[2])
    as_dict = model.evaluate(X, Y, verbose=0, return_dict=True)
    assert list(as_dict) == ["loss", "mae", "mse"] and list(as_dict.values()) == pytest.approx(values)


def test_multi_output_names_and_loss_weights():
    inputs = keras.Input((3,))
    hidden = layers.Dense(4, activation="relu")(inputs)
    model = keras.Model(inputs, [layers.Dense(1, name="reg")(hidden),
                                 layers.Dense(1, activation="sigmoid", name="cls")(hidden)])
    # One metric per output, in output order (Keras 3's rule for a list as long as the outputs).
    model.compile("sgd", loss=["mse", "binary_crossentropy"], loss_weights=[1.0, 0.5],
                  metrics=["mae", "accuracy"])
    targets = [Y, (Y > 0).astype("float32")]
    history = model.fit(X, targets, epochs=1, verbose=0)
    assert list(history.history) == ["cls_accuracy", "cls_loss", "loss", "reg_loss", "reg_mae"]
    logs = model.evaluate(X, targets, verbose=0, return_dict=True)
    # the total is summed in float32 inside the step, the check in float64: float32 rounding
    assert logs["loss"] == pytest.approx(logs["reg_loss"] + 0.5 * logs["cls_loss"], rel=RTOL, abs=ATOL)
    assert model.metrics_names == ["loss", "reg_loss", "cls_loss", "cls_accuracy", "reg_mae"]
    assert model.evaluate(X, targets, verbose=0) == pytest.approx(
        [logs[k] for k in model.metrics_names])


def test_train_test_and_predict_on_batch():
    model = regression_model(metrics=["mae"])
    before = model.get_weights()
    loss, mae = model.train_on_batch(X, Y)
    assert type(loss) is float and type(mae) is float
    after = model.get_weights()
    assert not np.allclose(after[0], before[0])
    logs = model.test_on_batch(X, Y, return_dict=True)
    assert list(logs) == ["loss", "mae"]
    assert logs["loss"] == pytest.approx(float(np.mean(squared_errors(model, X, Y))), rel=1e-6)
    for got, want in zip(model.get_weights(), after):
        np.testing.assert_array_equal(got, want)  # test_on_batch does not train
    np.testing.assert_array_equal(model.predict_on_batch(X), model.predict(X, verbose=0))
    model.compile("sgd", "mse")
    assert type(model.train_on_batch(X, Y)) is float and type(model.test_on_batch(X, Y)) is float


def test_predict_and_call_agree_for_any_batch_size():
    model = regression_model()
    x = RS.normal(size=(70, 3)).astype("float32")
    reference = model(x).numpy()
    for batch_size in (None, 1, 7, 32, 100):
        # other batch sizes take other BLAS blockings: equal to float32 rounding, not bit for bit
        assert_float32_close(model.predict(x, batch_size=batch_size, verbose=0), reference)
    assert model.predict(x[:1], verbose=0).shape == (1, 1)


# --- what fit/evaluate/predict print ---------------------------------------------------------------
def epoch_lines(text):
    return [line for line in text.splitlines() if re.match(r"^\d+/\d+ ", line)]


def logged_values(line):
    return dict(re.findall(r" - (\w+): (-?[\d.]+(?:e[-+]\d+)?)", line))


def test_verbose_modes_print_as_keras(capsys):
    progbar.set_interactive(False)
    model = regression_model(metrics=["mae"])
    model.fit(X, Y, epochs=2, batch_size=4, verbose=0)
    assert capsys.readouterr().out == ""
    history = model.fit(X, Y, epochs=2, batch_size=4, validation_split=0.2)  # verbose="auto" = 1
    out = capsys.readouterr().out
    assert [l for l in out.splitlines() if l.startswith("Epoch")] == ["Epoch 1/2", "Epoch 2/2"]
    lines = epoch_lines(out)
    assert len(lines) == 2 and all(re.match(r"^2/2 ━{20} \d+s \d+[mu]?s/step - loss: ", l) for l in lines)
    # The last line of each epoch shows exactly what History records, in the same order.
    for epoch, line in enumerate(lines):
        shown = logged_values(line)
        assert list(shown) == list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
        for key, text in shown.items():
            assert text == progbar.format_value(history.history[key][epoch]), key
    model.fit(X, Y, epochs=1, batch_size=4, verbose=2)
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"^3/3 - \d+s - \d+[mu]?s/step - loss: [\d.]+ - mae: [\d.]+$", line), line


def test_single_batch_predict_prints_nothing_unless_asked(capsys):
    progbar.set_interactive(False)
    model = regression_model()
    model.predict(X[:1])
    model.predict(X.tolist())  # one batch of a list: no bar either
    assert capsys.readouterr().out == ""
    model.predict(X[:1], verbose=1)
    assert re.match(r"^1/1 ━{20} \d+s \d+[mu]?s/step$", capsys.readouterr().out.strip())
    model.predict(np.ones((40, 3), "float32"))  # two batches: Keras's bar
    assert epoch_lines(capsys.readouterr().out)[0].startswith("2/2 ")


def test_evaluate_prints_a_bar_by_default(capsys):
    progbar.set_interactive(False)
    model = regression_model()
    loss = model.evaluate(X, Y)
    line = capsys.readouterr().out.strip()
    assert re.match(r"^1/1 ━{20} \d+s \d+[mu]?s/step - loss: ", line)
    assert logged_values(line)["loss"] == progbar.format_value(loss)


# --- input kinds -----------------------------------------------------------------------------------
def fit_history(x, y, **kwargs):
    keras.backend.clear_session()
    keras.utils.set_random_seed(1)
    model = regression_model(metrics=["mae"])
    return model.fit(x, y, epochs=2, batch_size=4, verbose=0, **kwargs).history, model


def test_lists_and_pandas_train_like_arrays():
    reference, model = fit_history(X, Y, shuffle=False)
    from_lists, _ = fit_history(X.tolist(), Y.tolist(), shuffle=False)
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    from_pandas, _ = fit_history(frame, pd.Series(Y[:, 0]), shuffle=False)
    # A converted list and a DataFrame's (column-major) copy may take other BLAS paths than the
    # array: the same training to float32 rounding.
    for history in (from_lists, from_pandas):
        assert list(history) == list(reference)
        for key in reference:
            assert_float32_close(history[key], reference[key], err_msg=key)
    assert_float32_close(model.predict(frame, verbose=0), model.predict(X, verbose=0))


def batches_of(x, y, size):
    return [(x[i:i + size], y[i:i + size]) for i in range(0, len(x), size)]


def test_generator_with_steps_per_epoch():
    def endless():
        while True:
            yield from batches_of(X, Y, 4)

    reference, _ = fit_history(X, Y, shuffle=False)
    history, _ = fit_history(endless(), None, steps_per_epoch=3)
    assert_float32_close(history["loss"], reference["loss"])  # batches copied: float32 rounding


def test_a_generator_that_runs_dry_stops_training_with_a_warning():
    with pytest.warns(UserWarning, match="Your input ran out of data; interrupting training"):
        history, _ = fit_history(iter(batches_of(X, Y, 4)), None)
    assert len(history["loss"]) == 1  # the second epoch had nothing to train on


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, size=4):
        super().__init__()
        self.items, self.read, self.epoch_ends = batches_of(x, y, size), [], 0

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        self.read.append(index)
        return self.items[index]

    def on_epoch_end(self):
        self.epoch_ends += 1


def test_pydataset_reads_every_batch_and_ends_each_epoch():
    reference, _ = fit_history(X, Y, shuffle=False)
    data = Batches(X, Y)
    history, _ = fit_history(data, None)
    assert_float32_close(history["loss"], reference["loss"])  # batches copied: float32 rounding
    assert data.read == [0, 1, 2, 0, 1, 2] and data.epoch_ends == 2
    partial = Batches(X, Y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the pass ends in the second epoch: Keras warns
        fit_history(partial, None, steps_per_epoch=2)
    assert partial.read == [0, 1, 2] and partial.epoch_ends == 2
    assert keras.utils.Sequence is keras.utils.PyDataset


def test_validation_from_a_generator_and_a_pydataset():
    reference, _ = fit_history(X, Y, shuffle=False, validation_data=(X[:8], Y[:8]))

    def endless():
        while True:
            yield from batches_of(X[:8], Y[:8], 4)

    from_generator, _ = fit_history(X, Y, shuffle=False, validation_data=endless(), validation_steps=2)
    val_set = Batches(X[:8], Y[:8])
    from_dataset, _ = fit_history(X, Y, shuffle=False, validation_data=val_set)
    for history in (from_generator, from_dataset):
        assert list(history) == ["loss", "mae", "val_loss", "val_mae"]
        assert_float32_close(history["val_loss"], reference["val_loss"])  # other batching paths
    assert val_set.epoch_ends == 2


def test_freezing_between_calls_is_honoured():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])
    model.compile("adam", "mse")
    model.train_on_batch(X, Y)
    first = model.layers[0]
    first.trainable = False
    kernel = first.get_weights()[0]
    model.train_on_batch(X, Y)
    np.testing.assert_array_equal(first.get_weights()[0], kernel)
    first.trainable = True
    model.train_on_batch(X, Y)  # the cached variable list follows the flag
    assert not np.array_equal(first.get_weights()[0], kernel)

    fine_tune = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])
    fine_tune.layers[0].trainable = False
    fine_tune.compile("adam", "mse")
    fine_tune.fit(X, Y, epochs=1, verbose=0)
    fine_tune.layers[0].trainable = True
    with pytest.raises(ValueError, match=r"weights \['dense_2/kernel', 'dense_2/bias'\] became trainable "
                                         r"after the optimizer was built .* Call model.compile\(...\) "
                                         r"again, with a new optimizer, after changing `trainable`"):
        fine_tune.fit(X, Y, epochs=1, verbose=0)
    fine_tune.compile("adam", "mse")  # Keras's fine-tuning recipe: recompile, then fit
    kernel = fine_tune.layers[0].get_weights()[0]
    fine_tune.fit(X, Y, epochs=1, verbose=0)
    assert not np.array_equal(fine_tune.layers[0].get_weights()[0], kernel)


def test_crossentropy_loss_string_is_resolved_from_the_shapes():
    # Keras's compile(loss="ce"): binary, sparse or categorical by the targets' and outputs' shapes
    x = np.random.default_rng(0).normal(size=(12, 3)).astype("float32")
    cases = [(keras.layers.Dense(1, activation="sigmoid"), (x[:, :1] > 0).astype("float32"),
              "BinaryCrossentropy"),
             (keras.layers.Dense(3, activation="softmax"), np.arange(12) % 3,
              "SparseCategoricalCrossentropy"),
             (keras.layers.Dense(3, activation="softmax"), np.eye(3, dtype="float32")[np.arange(12) % 3],
              "CategoricalCrossentropy")]
    for layer, y, expected in cases:
        model = keras.Sequential([keras.Input((3,)), layer])
        model.compile(optimizer="sgd", loss="ce")
        history = model.fit(x, y, epochs=1, verbose=0).history
        assert type(model._compile_loss.losses[0]).__name__ == expected
        assert np.isfinite(history["loss"][0])
