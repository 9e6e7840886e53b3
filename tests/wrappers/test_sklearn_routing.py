"""Where each KerasClassifier/KerasRegressor parameter goes: build function, compile, fit, predict."""
import numpy as np
import pytest
from sklearn_wrapper_models import keras_style_classifier, meta_classifier

import numkeras as keras
from numkeras.wrappers import SKLearnClassifier
from numkeras.wrappers.scikit_learn import KerasClassifier, KerasRegressor


class Recorder:
    """A build function that records the arguments it was called with."""

    def __init__(self):
        self.calls = []

    def __call__(self, units=2, meta=None, compile_kwargs=None):
        self.calls.append({"units": units, "meta": meta, "compile_kwargs": compile_kwargs})
        model = keras.Sequential([keras.Input((meta["n_features_in_"],)),
                                  keras.layers.Dense(units, activation="relu"),
                                  keras.layers.Dense(meta["n_classes_"], activation="softmax")])
        model.compile(**compile_kwargs)
        return model


def test_model_prefix_and_plain_names_reach_the_build_function(blobs):
    X, y = blobs
    rec = Recorder()
    KerasClassifier(model=rec, model__units=7, verbose=0).fit(X, y)
    KerasClassifier(build_fn=rec, units=5, verbose=0).fit(X, y)
    KerasClassifier(build_fn=rec, verbose=0).fit(X, y)
    assert [c["units"] for c in rec.calls] == [7, 5, 2]


def test_meta_describes_the_data(blobs):
    X, y = blobs
    rec = Recorder()
    KerasClassifier(model=rec, verbose=0).fit(X, np.array(["a", "b", "c"])[y])
    meta = rec.calls[0]["meta"]
    assert meta["n_features_in_"] == 4 and meta["n_classes_"] == 3
    assert meta["classes_"].tolist() == ["a", "b", "c"] and meta["X_shape_"] == (90, 4)
    assert meta["target_type_"] == "multiclass"


def test_compile_kwargs_carry_optimizer_loss_and_metrics(blobs):
    X, y = blobs
    rec = Recorder()
    clf = KerasClassifier(model=rec, optimizer="sgd", optimizer__learning_rate=0.2,
                          metrics=["accuracy"], verbose=0).fit(X, y)
    ck = rec.calls[0]["compile_kwargs"]
    assert type(ck["optimizer"]).__name__ == "SGD"
    assert float(ck["optimizer"].learning_rate) == pytest.approx(0.2)
    assert ck["loss"] == "categorical_crossentropy"  # the default for 3 classes
    assert "accuracy" in clf.history_


def test_uncompiled_model_is_compiled_with_the_estimator_settings(blobs):
    X, y = blobs
    clf = KerasClassifier(meta_classifier, optimizer=keras.optimizers.Adam,
                          optimizer__learning_rate=0.05, loss="sparse_categorical_crossentropy",
                          epochs=2, verbose=0).fit(X, y)
    assert type(clf.model_.optimizer).__name__ == "Adam"
    assert float(clf.model_.optimizer.learning_rate) == pytest.approx(0.05)
    assert clf.model_.loss == "sparse_categorical_crossentropy"


def test_loss_prefix_builds_the_loss_class(blobs):
    X, y = blobs
    clf = KerasClassifier(meta_classifier, loss="categorical_crossentropy",
                          loss__label_smoothing=0.2, verbose=0).fit(X, y)
    assert type(clf.model_.loss).__name__ == "CategoricalCrossentropy"
    assert clf.model_.loss.get_config()["label_smoothing"] == pytest.approx(0.2)


def test_fit_prefix_and_fit_arguments_override_in_order(blobs):
    X, y = blobs
    clf = KerasClassifier(meta_classifier, epochs=1, verbose=0)
    assert len(clf.fit(X, y).history_["loss"]) == 1
    clf.set_params(fit__epochs=3)
    assert len(clf.fit(X, y).history_["loss"]) == 3
    assert len(clf.fit(X, y, epochs=2).history_["loss"]) == 2
    # A plain model.fit argument given to the constructor reaches model.fit (the old wrapper's way).
    clf = KerasClassifier(meta_classifier, epochs=4, initial_epoch=2, verbose=0).fit(X, y)
    assert len(clf.history_["loss"]) == 2


def test_fit_verbose_prints_the_keras_progress_bar(blobs, capsys):
    X, y = blobs
    KerasClassifier(meta_classifier, epochs=2, verbose=1).fit(X, y)
    assert "Epoch 2/2" in capsys.readouterr().out
    KerasClassifier(meta_classifier, epochs=1, verbose=0).fit(X, y)
    assert capsys.readouterr().out == ""


def test_predict_prefix_reaches_model_predict(blobs, monkeypatch):
    X, y = blobs
    clf = KerasClassifier(meta_classifier, predict__batch_size=7, verbose=0).fit(X, y)
    seen = {}
    original = clf.model_.predict

    def spy(x, **kwargs):
        seen.update(kwargs)
        return original(x, **kwargs)

    monkeypatch.setattr(clf.model_, "predict", spy)
    clf.predict(X)
    assert seen == {"batch_size": 7, "verbose": 0}


def test_unknown_parameter_is_not_a_legal_parameter_at_fit(blobs):
    X, y = blobs
    clf = KerasClassifier(meta_classifier, hiden=3, verbose=0)  # typo of a build argument
    with pytest.raises(ValueError, match="hiden is not a legal parameter"):
        clf.fit(X, y)


def test_reserved_names_cannot_be_parameters():
    with pytest.raises(TypeError, match="reserved"):
        KerasClassifier(meta_classifier, predict=1)
    with pytest.raises(TypeError, match="reserved"):
        KerasClassifier(meta_classifier).set_params(classes_=[1])


def test_optimizer_prefix_with_a_compiled_model_is_an_error_not_silently_ignored(blobs):
    X, y = blobs
    clf = KerasClassifier(model=Recorder(), optimizer__learning_rate=0.1, verbose=0)
    # Recorder compiles with compile_kwargs, so the rate is used: fine.
    clf.fit(X, y)
    from sklearn_wrapper_models import legacy_classifier

    with pytest.raises(ValueError, match="would be ignored"):
        KerasClassifier(legacy_classifier, optimizer__learning_rate=0.1, verbose=0).fit(X, y)


def test_model_and_build_fn_together_is_an_error(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="not both"):
        KerasClassifier(model=meta_classifier, build_fn=meta_classifier).fit(X, y)
    with pytest.raises(ValueError, match="needs a model"):
        KerasClassifier().fit(X, y)


def test_build_function_must_return_a_model(blobs):
    X, y = blobs
    with pytest.raises(TypeError, match="forget `return model`"):
        KerasClassifier(model=lambda: None, verbose=0).fit(X, y)


def test_model_instance_is_copied_and_compiled_for_each_fit(blobs):
    X, y = blobs
    template = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    clf = KerasClassifier(template, optimizer="adam", epochs=2, verbose=0).fit(X, y)
    assert clf.model_ is not template and not template.compiled
    assert clf.model_.compiled


def test_keras_style_callable_gets_one_hot_y_and_model_kwargs(blobs):
    X, y = blobs
    seen = {}

    def build(X, y, hidden):
        seen.update(shape=y.shape, hidden=hidden)
        return keras_style_classifier(X, y, hidden=hidden)

    SKLearnClassifier(build, model_kwargs={"hidden": 5}, fit_kwargs={"verbose": 0}).fit(X, y)
    assert seen == {"shape": (90, 3), "hidden": 5}


def test_keras_style_fit_kwargs_are_not_modified_by_fit(blobs):
    X, y = blobs
    fit_kwargs = {"epochs": 2, "verbose": 0}
    clf = SKLearnClassifier(keras_style_classifier, fit_kwargs=fit_kwargs).fit(X, y, epochs=1)
    assert fit_kwargs == {"epochs": 2, "verbose": 0} and len(clf.history_["loss"]) == 1


def test_regressor_rejects_class_weight(regression_data):
    X, y = regression_data
    from sklearn_wrapper_models import meta_regressor

    with pytest.raises(ValueError, match="class_weight applies to classifiers"):
        KerasRegressor(meta_regressor, class_weight={0: 1.0}, verbose=0).fit(X, y)


def test_validation_data_is_encoded_like_the_training_targets(blobs):
    X, y = blobs
    labels = np.array(["a", "b", "c"])[y]
    clf = KerasClassifier(meta_classifier, epochs=2, verbose=0, random_state=0)
    clf.fit(X[:60], labels[:60], validation_data=(X[60:], labels[60:]))
    assert len(clf.history_["val_loss"]) == 2
    with pytest.raises(ValueError, match="not among the classes"):
        clf.fit(X[:60], labels[:60], validation_data=(X[60:], np.full(30, "z")))
    with pytest.raises(ValueError, match="X has 3 features"):
        clf.fit(X[:60], labels[:60], validation_data=(X[60:, :3], labels[60:]))


def test_constructor_parameters_reach_the_build_function_only_when_changed(blobs):
    X, y = blobs

    def create_model(optimizer="adam"):  # the tutorials' grid-search build function
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer=optimizer, loss="categorical_crossentropy")
        return model

    def optimizer_of(**kw):
        clf = KerasClassifier(build_fn=create_model, verbose=0, **kw).fit(X, y)
        return type(clf.model_.optimizer).__name__

    assert optimizer_of() == "Adam"  # the estimator's default "rmsprop" is not forced on it
    assert optimizer_of(optimizer="sgd") == "SGD"
    assert optimizer_of(model__optimizer="rmsprop") == "RMSprop"
