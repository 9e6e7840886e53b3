"""Bad input meets scikit-learn's usual errors at the boundary, not tracebacks from inside the model."""
import traceback

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn_wrapper_models import (
    keras_style_classifier,
    keras_style_regressor,
    meta_classifier,
    meta_regressor,
)

import numkeras as keras
from numkeras.wrappers import SKLearnClassifier, SKLearnRegressor
from numkeras.wrappers.scikit_learn import KerasClassifier, KerasRegressor

FIT = {"epochs": 2, "verbose": 0}
ESTIMATORS = [
    lambda: SKLearnClassifier(keras_style_classifier, fit_kwargs=FIT),
    lambda: KerasClassifier(meta_classifier, epochs=2, verbose=0),
    lambda: SKLearnRegressor(keras_style_regressor, fit_kwargs=FIT),
    lambda: KerasRegressor(meta_regressor, epochs=2, verbose=0),
]
IDS = ["SKLearnClassifier", "KerasClassifier", "SKLearnRegressor", "KerasRegressor"]


def _raised_outside_the_model(excinfo):
    """No frame of the traceback is in numkeras's models or layers: the wrapper caught it first."""
    files = [frame.filename for frame in traceback.extract_tb(excinfo.value.__traceback__)]
    return not any("numkeras/models" in f or "numkeras/layers" in f for f in files)


@pytest.mark.parametrize("make", ESTIMATORS, ids=IDS)
def test_predict_before_fit_raises_not_fitted(make, blobs):
    est = make()
    for method in ("predict", "predict_proba", "score"):
        if hasattr(est, method):
            args = (blobs[0], blobs[1]) if method == "score" else (blobs[0],)
            with pytest.raises(NotFittedError, match="not fitted yet"):
                getattr(est, method)(*args)
    with pytest.raises(NotFittedError):
        est.history  # noqa: B018


@pytest.mark.parametrize("make", ESTIMATORS, ids=IDS)
def test_wrong_feature_count_at_predict(make, blobs):
    X, y = blobs
    est = make().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but .* is expecting 4 features") as info:
        est.predict(X[:, :3])
    assert _raised_outside_the_model(info)


@pytest.mark.parametrize("make", ESTIMATORS, ids=IDS)
def test_nan_and_inf_inputs(make, blobs):
    X, y = blobs
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN") as info:
        make().fit(bad, y)
    assert _raised_outside_the_model(info)
    est = make().fit(X, y)
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="Input X contains infinity"):
        est.predict(bad)


@pytest.mark.parametrize("make", ESTIMATORS, ids=IDS)
def test_mismatched_sample_counts_and_empty_data(make, blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        make().fit(X, y[:-1])
    with pytest.raises(ValueError, match="0 sample"):
        make().fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        make().fit(X[:, 0], y)


@pytest.mark.parametrize("make", ESTIMATORS[:2], ids=IDS[:2])
def test_classifier_target_errors(make, blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        make().fit(X, y + 0.5)
    with pytest.raises(ValueError, match="only one class"):
        make().fit(X, np.zeros(90, dtype=int))
    multilabel = np.zeros((90, 3))
    multilabel[:, 0] = 1
    multilabel[:10, 1] = 1
    with pytest.raises(ValueError, match="multilabel targets are not supported"):
        make().fit(X, multilabel)


def test_column_vector_y_warns_and_is_used_as_1d(blobs):
    from sklearn.exceptions import DataConversionWarning

    X, y = blobs
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        clf = KerasClassifier(meta_classifier, epochs=1, verbose=0).fit(X, y[:, None])
    assert clf.predict(X).shape == (90,)


def test_last_layer_width_must_match_the_classes(blobs):
    X, y = blobs

    def four_units(meta):
        return keras.Sequential([keras.Input((4,)), keras.layers.Dense(4, activation="softmax")])

    with pytest.raises(ValueError, match="last layer has 4 units but y has 3 classes"):
        KerasClassifier(four_units, verbose=0).fit(X, y)
    with pytest.raises(ValueError, match="SKLearnClassifier one-hot encodes y"):
        SKLearnClassifier(lambda X, y: _compiled(four_units(None)), fit_kwargs=FIT).fit(X, y)
    with pytest.raises(ValueError, match="1 output unit, which fits 2 classes"):
        KerasClassifier(lambda meta: keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)]),
                        loss="binary_crossentropy", verbose=0).fit(X, y)


def test_regressor_width_must_match_the_targets(regression_data):
    X, y = regression_data
    with pytest.raises(ValueError, match="last layer has 1 units but y has 2 column"):
        KerasRegressor(meta_regressor, verbose=0, model__hidden=2).set_params(
            model=lambda meta: keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
        ).fit(X, np.column_stack([y, y]))


def test_keras_style_wrapper_needs_a_compiled_model(blobs):
    X, y = blobs
    uncompiled = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    with pytest.raises(RuntimeError, match="needs to be compiled"):
        SKLearnClassifier(uncompiled).fit(X, y)
    with pytest.raises(TypeError, match="must be a compiled numkeras Model or a callable"):
        SKLearnClassifier("not a model").fit(X, y)


def test_bad_random_state(blobs):
    X, y = blobs
    with pytest.raises(TypeError, match="random_state"):
        KerasClassifier(meta_classifier, random_state="seed", verbose=0).fit(X, y)
    with pytest.raises(ValueError, match="non-negative"):
        KerasClassifier(meta_classifier, random_state=-1, verbose=0).fit(X, y)


def test_partial_fit_with_a_different_feature_count(blobs):
    X, y = blobs
    clf = KerasClassifier(meta_classifier, verbose=0).partial_fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features"):
        clf.partial_fit(X[:, :3], y)


def _compiled(model):
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model
