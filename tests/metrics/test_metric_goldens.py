"""Metric results against real Keras, after each of several updates (sample weights included)."""
import numpy as np
import pytest
from float32_tolerance import assert_float32_close
from metric_goldens import METRIC_GOLDENS

from numkeras import metrics


def _array(x):
    return None if x is None else np.array(x, "float32")


@pytest.mark.parametrize("case_id", sorted(METRIC_GOLDENS))
def test_matches_keras_after_every_update(case_id):
    # Values from Keras 3 (JAX backend), computed by tools/loss_metric_goldens.py.
    case = METRIC_GOLDENS[case_id]
    metric = getattr(metrics, case["cls"])(**case["kwargs"])
    for step, ((y_true, y_pred, weight), expected) in enumerate(zip(case["updates"], case["expected"])):
        if y_pred is None:   # Mean / Sum take the values themselves
            metric.update_state(_array(y_true), sample_weight=_array(weight))
        else:
            metric.update_state(_array(y_true), _array(y_pred), sample_weight=_array(weight))
        got = metric.result()
        assert got.dtype == np.float32
        # Keras accumulates in float32, we in float64 (then round): equal to float32 rounding.
        assert_float32_close(got.numpy(), expected, err_msg=f"{case_id}, after update {step + 1}")


@pytest.mark.parametrize("case_id", sorted(METRIC_GOLDENS))
def test_reset_then_replay_gives_the_same_results(case_id):
    case = METRIC_GOLDENS[case_id]
    metric = getattr(metrics, case["cls"])(**case["kwargs"])
    for _ in range(2):
        metric.reset_state()
        for y_true, y_pred, weight in case["updates"]:
            args = (_array(y_true),) if y_pred is None else (_array(y_true), _array(y_pred))
            metric.update_state(*args, sample_weight=_array(weight))
        assert_float32_close(metric.result().numpy(), case["expected"][-1])  # Keras's float32 sums
