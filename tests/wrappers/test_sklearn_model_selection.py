"""The estimators inside scikit-learn's tools: cross_val_score, KFold, Pipeline, searches, ensembles."""
import numpy as np
import pytest
from sklearn.ensemble import VotingClassifier
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score, cross_validate
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn_wrapper_models import keras_style_regressor, meta_classifier

from numkeras.wrappers import SKLearnRegressor
from numkeras.wrappers.scikit_learn import KerasClassifier


def classifier(**kw):
    params = {"optimizer": "adam", "optimizer__learning_rate": 0.03, "epochs": 15, "verbose": 0,
              "random_state": 0, **kw}
    return KerasClassifier(meta_classifier, **params)


def test_cross_val_score_with_kfold_learns_and_repeats_exactly(blobs):
    X, y = blobs
    kfold = KFold(n_splits=5, shuffle=True, random_state=7)
    scores = cross_val_score(classifier(), X, y, cv=kfold)
    assert scores.shape == (5,) and scores.mean() > 0.9
    np.testing.assert_array_equal(cross_val_score(classifier(), X, y, cv=kfold), scores)


def test_cross_validate_in_worker_processes_returns_fitted_estimators(blobs):
    X, y = blobs
    local = cross_validate(classifier(), X, y, cv=3, n_jobs=1, return_estimator=True)
    parallel = cross_validate(classifier(), X, y, cv=3, n_jobs=2, return_estimator=True)
    np.testing.assert_array_equal(parallel["test_score"], local["test_score"])
    # Each fitted estimator was pickled in a worker and came back able to predict.
    for a, b in zip(local["estimator"], parallel["estimator"]):
        np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))


def test_pipeline_with_standard_scaler_is_searched_by_step_parameters(blobs):
    X, y = blobs
    X_raw = X * 50 + 10  # unscaled features: the scaler has real work to do
    pipe = Pipeline([("scale", StandardScaler()), ("net", classifier())])
    grid = {"net__model__hidden": [2, 16], "net__optimizer__learning_rate": [0.001, 0.03]}
    search = GridSearchCV(pipe, grid, cv=3)
    search.fit(X_raw, y)
    # The small learning rate barely moves in 15 epochs; 0.03 must win.
    assert search.best_params_["net__optimizer__learning_rate"] == 0.03
    assert search.best_score_ > 0.9
    again = GridSearchCV(pipe, grid, cv=3).fit(X_raw, y)
    np.testing.assert_array_equal(again.cv_results_["mean_test_score"],
                                  search.cv_results_["mean_test_score"])


def test_regressor_pipeline_cross_validated_r2(regression_data):
    X, y = regression_data
    reg = make_pipeline(StandardScaler(), SKLearnRegressor(
        keras_style_regressor, fit_kwargs={"epochs": 30, "verbose": 0}, random_state=0))
    scores = cross_val_score(reg, X, y, cv=KFold(3), scoring="r2")
    assert scores.min() > 0.8


def test_soft_voting_uses_classes_and_predict_proba(blobs):
    X, y = blobs
    labels = np.array(["a", "b", "c"])[y]
    vote = VotingClassifier([("small", classifier(model__hidden=4)), ("big", classifier())],
                            voting="soft").fit(X, labels)
    assert vote.predict(X[:3]).tolist() == labels[:3].tolist()
    assert vote.predict_proba(X).shape == (90, 3)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_search_reproducible_with_random_state(blobs, n_jobs):
    X, y = blobs
    grid = {"epochs": [2, 4], "batch_size": [8, 32]}
    first = GridSearchCV(classifier(), grid, cv=3, n_jobs=n_jobs).fit(X, y)
    second = GridSearchCV(classifier(), grid, cv=3, n_jobs=n_jobs).fit(X, y)
    np.testing.assert_array_equal(first.cv_results_["mean_test_score"],
                                  second.cv_results_["mean_test_score"])
    assert first.best_params_ == second.best_params_
