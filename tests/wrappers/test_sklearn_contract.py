"""scikit-learn's estimator contract, one property per test, on both wrapper families."""
import copy
import pickle

import numpy as np
import pytest
from sklearn.base import clone, is_classifier, is_regressor
from sklearn_wrapper_models import (
    keras_style_classifier,
    keras_style_regressor,
    lambda_loss_classifier,
    legacy_classifier,
    meta_classifier,
    meta_regressor,
)

from numkeras.wrappers import SKLearnClassifier, SKLearnRegressor, SKLearnTransformer
from numkeras.wrappers.scikit_learn import KerasClassifier, KerasRegressor

FIT = {"epochs": 30, "batch_size": 32, "verbose": 0}


def keras_clf(**kw):
    return SKLearnClassifier(keras_style_classifier, **{"fit_kwargs": FIT, "random_state": 0, **kw})


def scikeras_clf(**kw):
    params = {"optimizer": "adam", "optimizer__learning_rate": 0.03, "epochs": 30, "verbose": 0,
              "random_state": 0, **kw}
    return KerasClassifier(meta_classifier, **params)


CLASSIFIERS = [keras_clf, scikeras_clf]


def test_public_names_and_types():
    import numkeras.wrappers as wrappers

    assert {"SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer"} <= set(dir(wrappers))
    assert is_classifier(keras_clf()) and is_classifier(scikeras_clf())
    assert is_regressor(SKLearnRegressor(keras_style_regressor))
    assert is_regressor(KerasRegressor(meta_regressor))
    # The old import path of the tf.keras wrapper, one package over.
    from numkeras.wrappers.scikit_learn import KerasClassifier as Legacy
    assert Legacy is KerasClassifier


def test_importing_numkeras_does_not_import_sklearn():
    import subprocess
    import sys

    code = "import sys, numkeras; print('sklearn' in sys.modules, 'joblib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_get_params_returns_the_constructor_arguments_including_extras():
    clf = KerasClassifier(build_fn=legacy_classifier, units=16, epochs=3, model__n_classes=3)
    params = clf.get_params()
    assert params["build_fn"] is legacy_classifier
    assert params["units"] == 16 and params["epochs"] == 3 and params["model__n_classes"] == 3
    assert params["verbose"] == 1 and params["model"] is None
    keras_params = keras_clf().get_params()
    assert set(keras_params) == {"model", "warm_start", "model_kwargs", "fit_kwargs", "random_state"}


@pytest.mark.parametrize("make", CLASSIFIERS + [
    lambda: KerasClassifier(build_fn=legacy_classifier, units=16, fit__epochs=2,
                            callbacks=[], metrics=["accuracy"])])
def test_clone_keeps_every_parameter_identical(make):
    est = make()
    twin = clone(est)
    assert type(twin) is type(est) and twin is not est
    # clone() itself checks identity of each parameter; check the values as seen from outside too.
    for name, value in est.get_params(deep=False).items():
        other = twin.get_params(deep=False)[name]
        assert other is value or other == value, name


def test_set_params_accepts_routed_and_legacy_names_and_returns_self():
    clf = KerasClassifier(build_fn=legacy_classifier)
    assert clf.set_params(units=4, fit__epochs=2, epochs=5, optimizer__learning_rate=0.1) is clf
    assert (clf.units, clf.fit__epochs, clf.epochs) == (4, 2, 5)
    assert clone(clf).get_params()["optimizer__learning_rate"] == 0.1
    with pytest.raises(ValueError, match="Invalid parameter 'nope'"):
        clf.set_params(nope__x=1)


def test_fit_returns_self_and_sets_fitted_attributes(blobs):
    X, y = blobs
    for make in CLASSIFIERS:
        clf = make()
        assert clf.fit(X, y) is clf
        assert clf.n_features_in_ == 4
        np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
        assert clf.n_classes_ == 3
        assert len(clf.history_["loss"]) == 30 and clf.history_["loss"][-1] < clf.history_["loss"][0]
        assert clf.score(X, y) > 0.9


def test_legacy_history_access_still_works(blobs):
    X, y = blobs
    h = KerasClassifier(build_fn=legacy_classifier, epochs=3, verbose=0).fit(X, y)
    assert len(h.history["loss"]) == 3 and "accuracy" in h.history


@pytest.mark.parametrize("labels", [np.array(["setosa", "versicolor", "virginica"]),
                                    np.array([-5, 10, 99]),
                                    np.array(["x", "y", "z"], dtype=object)])
def test_predict_returns_the_original_labels(blobs, labels):
    X, y = blobs
    y_named = labels[y]
    for make in CLASSIFIERS:
        clf = make().fit(X, y_named)
        np.testing.assert_array_equal(clf.classes_, np.unique(labels))
        pred = clf.predict(X)
        assert pred.dtype == y_named.dtype and pred.shape == (90,)
        assert set(pred.tolist()) <= set(labels.tolist())
        assert np.mean(pred == y_named) > 0.9


def test_one_hot_targets_give_one_hot_predictions_and_work_with_score(blobs):
    X, y = blobs
    y_one_hot = np.eye(3, dtype="float32")[y]
    clf = KerasClassifier(build_fn=legacy_classifier, epochs=30, verbose=0, random_state=0)
    clf.fit(X, y_one_hot)
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    pred = clf.predict(X)
    assert pred.shape == (90, 3) and pred.dtype == np.float32
    np.testing.assert_array_equal(pred.sum(axis=1), 1)
    assert clf.score(X, y_one_hot) > 0.9
    # The same model trained on integer labels learns the same thing.
    by_index = clone(clf).fit(X, y)
    np.testing.assert_array_equal(by_index.predict(X), np.argmax(pred, axis=1))


def test_binary_with_one_sigmoid_unit(blobs):
    X, y = blobs
    y2 = np.where(y == 0, "no", "yes")
    clf = KerasClassifier(build_fn=legacy_classifier, model__n_classes=1, model__activation="sigmoid",
                          model__loss="binary_crossentropy", epochs=30, verbose=0, random_state=0)
    clf.fit(X, y2)
    proba = clf.predict_proba(X)
    assert proba.shape == (90, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), np.where(proba[:, 1] > 0.5, "yes", "no"))
    assert clf.score(X, y2) > 0.95


def test_predict_proba_rows_of_sigmoid_units_are_normalised(blobs):
    X, y = blobs
    clf = KerasClassifier(build_fn=legacy_classifier, model__activation="sigmoid", epochs=5,
                          verbose=0, random_state=0).fit(X, y)
    raw = clf.model_.predict(X, verbose=0)
    assert not np.allclose(raw.sum(axis=1), 1.0)  # sigmoid units: rows do not sum to 1
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(np.argmax(proba, axis=1), np.argmax(raw, axis=1))


@pytest.mark.parametrize("make", [
    lambda: SKLearnRegressor(keras_style_regressor, fit_kwargs=FIT, random_state=0),
    lambda: KerasRegressor(meta_regressor, optimizer="adam", optimizer__learning_rate=0.03,
                           epochs=30, verbose=0, random_state=0)])
def test_regressors_fit_1d_and_2d_targets(make, regression_data):
    X, y = regression_data
    reg = make().fit(X, y)
    pred = reg.predict(X)
    assert pred.shape == (120,) and pred.dtype == np.float64
    assert reg.score(X, y) > 0.9 and reg.n_outputs_ == 1
    Y = np.column_stack([y, -y])
    reg2 = make().fit(X, Y)
    assert reg2.predict(X).shape == (120, 2) and reg2.n_outputs_ == 2


def test_transformer_returns_model_outputs_and_trains_as_autoencoder_without_y(regression_data):
    X, _ = regression_data
    trs = SKLearnTransformer(keras_style_regressor, fit_kwargs=FIT, random_state=0)
    out = trs.fit(X).transform(X)
    assert out.shape == (120, 5)
    # Trained to reproduce X: closer to X than the untrained start.
    assert np.mean((out - X) ** 2) < 0.5 * np.mean(X ** 2)
    np.testing.assert_allclose(trs.fit_transform(X), out, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("make", CLASSIFIERS)
def test_fitted_estimator_pickles_and_predicts_the_same(make, blobs):
    X, y = blobs
    clf = make().fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(restored.classes_, clf.classes_)
    # The unpickled model can keep training (its optimizer state came along).
    restored.partial_fit(X, y)
    assert len(restored.history_["loss"]) == 31


def test_unfitted_estimator_and_model_instance_parameter_pickle(blobs):
    X, y = blobs
    template = legacy_classifier()
    clf = SKLearnClassifier(template, fit_kwargs=FIT, random_state=0)
    restored = pickle.loads(pickle.dumps(clf))
    assert restored.model is not template and not hasattr(restored, "model_")
    restored.fit(X, y)
    # The template itself is copied, never trained.
    before = [w.copy() for w in template.get_weights()]
    SKLearnClassifier(template, fit_kwargs=FIT).fit(X, y)
    for a, b in zip(before, template.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_pickle_keeps_lambdas_inside_the_model(blobs):
    X, y = blobs
    # The model holds a lambda loss, which plain pickle cannot store by name.
    clf = KerasClassifier(model=lambda_loss_classifier, epochs=2, verbose=0, random_state=0)
    clf.fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict(X), clf.predict(X))


def test_deepcopy_gives_an_independent_fitted_estimator(blobs):
    X, y = blobs
    clf = keras_clf().fit(X, y)
    twin = copy.deepcopy(clf)
    twin.partial_fit(X, y)
    assert len(clf.history_["loss"]) == 30 and len(twin.history_["loss"]) == 31
    assert not np.array_equal(twin.model_.get_weights()[0], clf.model_.get_weights()[0])


@pytest.mark.parametrize("make", CLASSIFIERS)
def test_partial_fit_trains_one_epoch_per_call_and_needs_classes_up_front(make, blobs):
    X, y = blobs
    clf = make()
    first = y != 2
    clf.partial_fit(X[first], y[first], classes=[0, 1, 2])
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    for _ in range(4):
        clf.partial_fit(X, y)
    assert len(clf.history_["loss"]) == 5
    with pytest.raises(ValueError, match="not among the classes"):
        clf.partial_fit(X, np.where(y == 2, 7, y))


def test_partial_fit_calls_use_new_shuffles_but_repeat_exactly(blobs):
    X, y = blobs

    def run():
        clf = scikeras_clf(batch_size=8)
        for _ in range(3):
            clf.partial_fit(X, y, classes=[0, 1, 2])
        return clf.history_["loss"]

    assert run() == run()


def test_warm_start_continues_training_and_cold_start_rebuilds(blobs):
    X, y = blobs
    warm = scikeras_clf(warm_start=True, epochs=2).fit(X, y)
    model = warm.model_
    warm.fit(X, y)
    assert warm.model_ is model and len(warm.history_["loss"]) == 4
    cold = scikeras_clf(epochs=2).fit(X, y)
    model = cold.model_
    cold.fit(X, y)
    assert cold.model_ is not model and len(cold.history_["loss"]) == 2


def test_sample_weight_changes_the_fit_and_zero_weight_ignores_samples(blobs):
    X, y = blobs
    plain = scikeras_clf().fit(X, y)
    weighted = scikeras_clf().fit(X, y, sample_weight=np.where(y == 0, 0.0, 1.0))
    assert not np.allclose(plain.predict_proba(X), weighted.predict_proba(X))
    # With class 0 weighted out, its probability drops on its own samples.
    assert weighted.predict_proba(X)[y == 0, 0].mean() < plain.predict_proba(X)[y == 0, 0].mean()
    ones = scikeras_clf().fit(X, y, sample_weight=np.ones(90))
    np.testing.assert_allclose(ones.predict_proba(X), plain.predict_proba(X), rtol=1e-5, atol=1e-6)


def test_class_weight_by_label_and_balanced(blobs):
    X, y = blobs
    labels = np.array(["a", "b", "c"])[y]
    base = scikeras_clf(epochs=5).fit(X, labels).predict_proba(X)[:, 0].mean()
    heavy = scikeras_clf(epochs=5, class_weight={"a": 50.0}).fit(X, labels).predict_proba(X)[:, 0].mean()
    assert heavy > base
    balanced = scikeras_clf(epochs=5, class_weight="balanced").fit(X[:70], labels[:70])
    assert balanced.score(X, labels) > 0.5
    with pytest.raises(ValueError, match="not among the classes"):
        scikeras_clf(class_weight={"z": 2.0}).fit(X, labels)


def test_random_state_makes_fits_repeat_and_leaves_global_random_state_alone(blobs):
    import random

    import numkeras as keras
    from numkeras.backend import random as nk_random

    X, y = blobs
    keras.utils.set_random_seed(123)
    expected = (nk_random.draw_seed(), np.random.rand(), random.random())
    keras.utils.set_random_seed(123)
    a = scikeras_clf().fit(X, y).predict_proba(X)
    assert (nk_random.draw_seed(), np.random.rand(), random.random()) == expected
    b = scikeras_clf().fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    c = scikeras_clf(random_state=1).fit(X, y).predict_proba(X)
    assert not np.array_equal(a, c)
    # Unseeded fits differ from one another, as in Keras.
    d1 = scikeras_clf(random_state=None).fit(X, y).predict_proba(X)
    d2 = scikeras_clf(random_state=None).fit(X, y).predict_proba(X)
    assert not np.array_equal(d1, d2)


def test_random_state_accepts_a_numpy_random_state(blobs):
    X, y = blobs
    a = scikeras_clf(random_state=np.random.RandomState(5)).fit(X, y).predict_proba(X)
    b = scikeras_clf(random_state=np.random.RandomState(5)).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)


def test_tags_say_deterministic_only_with_a_seed():
    try:
        from sklearn.utils import get_tags
    except ImportError:  # scikit-learn < 1.6: the dict of `_more_tags`
        assert scikeras_clf()._get_tags()["non_deterministic"] is False
        assert scikeras_clf(random_state=None)._get_tags()["non_deterministic"] is True
        assert KerasRegressor(meta_regressor)._get_tags()["multioutput"] is True
        assert SKLearnTransformer(keras_style_regressor)._get_tags()["requires_y"] is False
        return
    assert get_tags(scikeras_clf()).non_deterministic is False
    assert get_tags(scikeras_clf(random_state=None)).non_deterministic is True
    assert get_tags(KerasRegressor(meta_regressor)).target_tags.multi_output is True
    assert get_tags(SKLearnTransformer(keras_style_regressor)).target_tags.required is False
