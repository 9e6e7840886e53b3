"""fit/evaluate and summary() against real Keras 3, case by case.

The cases (models, data, fit arguments) are in model_cases.py; Keras's results in
model_goldens.py, written by `KERAS_BACKEND=jax python tools/model_goldens.py`. A fit case
checks the history's keys (named and ordered as Keras does) and values, the epoch numbers, the
final weights and evaluate()'s list and dict; a summary case checks the text handed to
`print_fn`, character for character, at the terminal widths Keras was run at.
"""
import warnings

import numpy as np
import pytest
from model_cases import FIT_CASES, SUMMARY_CASES
from model_goldens import FIT_GOLDENS, SUMMARY_GOLDENS

import numkeras as keras

RTOL, ATOL = 2e-5, 1e-6  # float32 arithmetic in another order than XLA's


def run_case(name):
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model, fit_args, fit_kwargs, eval_args, eval_kwargs = FIT_CASES[name](keras)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # steps_per_epoch: "Your input ran out of data"
        history = model.fit(*fit_args, verbose=0, **fit_kwargs)
    return model, history, eval_args, eval_kwargs


def test_every_case_has_a_golden():
    assert sorted(FIT_CASES) == sorted(FIT_GOLDENS)
    assert sorted(f"{n}@{c}" for n in SUMMARY_CASES for c in (200, 80)) == sorted(SUMMARY_GOLDENS)


@pytest.mark.parametrize("name", sorted(FIT_GOLDENS))
def test_fit_matches_keras(name):
    golden = FIT_GOLDENS[name]
    model, history, eval_args, eval_kwargs = run_case(name)

    assert list(history.history) == list(golden["history"])
    assert history.epoch == golden["epoch"]
    for key, values in golden["history"].items():
        assert all(type(v) is float for v in history.history[key]), key
        np.testing.assert_allclose(history.history[key], values, rtol=RTOL, atol=ATOL, err_msg=key)
    weights = model.get_weights()
    assert [w.shape for w in weights] == [np.shape(w) for w in golden["weights"]]
    for i, (got, want) in enumerate(zip(weights, golden["weights"])):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=2e-6, err_msg=f"weight {i}")

    as_dict = model.evaluate(*eval_args, verbose=0, return_dict=True, **eval_kwargs)
    assert list(as_dict) == list(golden["evaluate_dict"])  # sorted, as Keras's logs
    for key, value in golden["evaluate_dict"].items():
        assert as_dict[key] == pytest.approx(value, rel=RTOL, abs=ATOL), key


@pytest.mark.parametrize("name", sorted(FIT_GOLDENS))
def test_evaluate_list_matches_keras(name):
    golden = FIT_GOLDENS[name]["evaluate"]
    model, _, eval_args, eval_kwargs = run_case(name)
    result = model.evaluate(*eval_args, verbose=0, **eval_kwargs)
    if not isinstance(golden, list):  # no metrics and one output: a plain float
        assert type(result) is float
        assert result == pytest.approx(golden, rel=RTOL, abs=ATOL)
        return
    if name in ("sample_weight", "class_weight_binary"):  # the cases with weighted_metrics
        # Keras 3.15 lists a weighted metric's plain twin twice ([loss, mae, mae, weighted_mae]:
        # both metric objects are named "mae"); numkeras lists each metric once.
        assert golden[1] == golden[2]
        golden = [golden[0], golden[1]] + golden[3:]
    assert result == pytest.approx(golden, rel=RTOL, abs=ATOL)
    assert len(result) == len(model.metrics_names)


@pytest.mark.parametrize("key", sorted(SUMMARY_GOLDENS))
def test_summary_matches_keras(key, monkeypatch):
    name, columns = key.split("@")
    monkeypatch.setenv("COLUMNS", columns)
    keras.backend.clear_session()
    model, kwargs = SUMMARY_CASES[name](keras)
    printed = []
    model.summary(print_fn=printed.append, **kwargs)
    assert printed == [SUMMARY_GOLDENS[key]]
