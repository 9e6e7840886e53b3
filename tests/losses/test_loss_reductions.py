"""Reductions, sample weights, Keras's rank rules, ignore_class and custom losses."""
import numpy as np
import pytest

from numkeras import losses, ops
from numkeras.backend import Tensor

RNG = np.random.default_rng(11)
Y_TRUE = RNG.normal(size=(4, 3)).astype(np.float32)
Y_PRED = RNG.normal(size=(4, 3)).astype(np.float32)
PER_SAMPLE = np.mean((Y_TRUE - Y_PRED) ** 2, axis=-1)
WEIGHTS = np.array([0.5, 2.0, 0.0, 1.0], np.float32)


@pytest.mark.parametrize("reduction, expected", [
    ("sum_over_batch_size", np.sum(PER_SAMPLE * WEIGHTS) / 4),   # divided by the count, not the weights
    ("mean", np.sum(PER_SAMPLE * WEIGHTS) / 4),
    ("sum", np.sum(PER_SAMPLE * WEIGHTS)),
    ("mean_with_sample_weight", np.sum(PER_SAMPLE * WEIGHTS) / np.sum(WEIGHTS)),
])
def test_weighted_reductions(reduction, expected):
    got = losses.MeanSquaredError(reduction=reduction)(Y_TRUE, Y_PRED, sample_weight=WEIGHTS)
    assert got.shape == () and float(got) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("reduction, expected", [
    ("sum_over_batch_size", PER_SAMPLE.mean()), ("sum", PER_SAMPLE.sum()),
    ("mean_with_sample_weight", PER_SAMPLE.mean()),   # no weights: divided by the count
])
def test_unweighted_reductions(reduction, expected):
    got = losses.MeanSquaredError(reduction=reduction)(Y_TRUE, Y_PRED)
    assert float(got) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("reduction", [None, "none"])
def test_no_reduction_returns_weighted_per_sample_values(reduction):
    got = losses.MeanSquaredError(reduction=reduction)(Y_TRUE, Y_PRED, sample_weight=WEIGHTS)
    np.testing.assert_allclose(got.numpy(), PER_SAMPLE * WEIGHTS, rtol=1e-6)
    np.testing.assert_allclose(losses.MeanSquaredError(reduction=reduction)(Y_TRUE, Y_PRED).numpy(),
                               PER_SAMPLE, rtol=1e-6)


def test_all_zero_weights_with_mean_with_sample_weight_give_zero_not_nan():
    loss = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    got = loss(Y_TRUE, Y_PRED, sample_weight=np.zeros(4))
    assert float(got) == 0.0


@pytest.mark.parametrize("weights", [WEIGHTS, WEIGHTS[:, None], WEIGHTS.tolist(), Tensor(WEIGHTS)],
                         ids=["(n,)", "(n,1)", "list", "tensor"])
def test_sample_weight_shapes_per_sample(weights):
    got = losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=weights)
    assert float(got) == pytest.approx(np.sum(PER_SAMPLE * WEIGHTS) / 4, rel=1e-6)


def test_scalar_sample_weight_scales_the_loss():
    got = losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=3.0)
    assert float(got) == pytest.approx(3 * PER_SAMPLE.mean(), rel=1e-6)


def test_per_timestep_and_per_sample_weights_of_a_sequence_loss():
    y_true, y_pred = RNG.normal(size=(2, 5, 3)), RNG.normal(size=(2, 5, 3))
    per_step = np.mean((y_true - y_pred) ** 2, axis=-1)                 # (2, 5)
    step_weights = RNG.uniform(size=(2, 5))
    got = losses.MeanSquaredError()(y_true, y_pred, sample_weight=step_weights)
    assert float(got) == pytest.approx(np.sum(per_step * step_weights) / 10, rel=1e-5)
    # one weight per sequence spreads over its time steps
    got = losses.MeanSquaredError()(y_true, y_pred, sample_weight=np.array([1.0, 0.0]))
    assert float(got) == pytest.approx(per_step[0].sum() / 10, rel=1e-5)


def test_sample_weight_that_does_not_fit_is_an_error_naming_the_shapes():
    with pytest.raises(ValueError, match=r"mean_squared_error: sample_weight of shape \(3,\) does not fit "
                                         r"the per-sample loss of shape \(4,\)"):
        losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=np.ones(3))


# --- Keras's rank rule: a trailing axis of 1 is squeezed or added --------------------------------
@pytest.mark.parametrize("t_shape, p_shape, per_sample_shape", [
    ((5,), (5, 1), (5,)),        # labels (n,), one output unit: labels expanded
    ((5, 1), (5,), (5,)),        # (n, 1) labels, rank-1 predictions: predictions expanded
    ((5, 1), (5, 1), (5,)),
    ((5,), (5,), ()),            # both rank 1: one "sample" of 5 values, as Keras
    ((2, 4, 1), (2, 4), (2,)),   # labels squeezed
    ((2, 4), (2, 4, 1), (2,)),   # predictions squeezed (a recorded reshape)
])
def test_rank_rules(t_shape, p_shape, per_sample_shape):
    y_true, y_pred = RNG.uniform(size=t_shape), RNG.uniform(size=p_shape)
    values = losses.MeanSquaredError(reduction=None)(y_true, y_pred)
    assert values.shape == per_sample_shape
    expected = np.mean((y_true.reshape(-1) - y_pred.reshape(-1)) ** 2)
    assert float(losses.MeanSquaredError()(y_true, y_pred)) == pytest.approx(expected, rel=1e-5)


def test_binary_crossentropy_labels_of_shape_n_with_one_output_unit():
    y_pred = np.array([[0.7], [0.2], [0.4]], np.float32)
    by_rank1 = losses.BinaryCrossentropy()(np.array([1, 0, 1]), y_pred)
    by_column = losses.BinaryCrossentropy()(np.array([[1], [0], [1]]), y_pred)
    assert float(by_rank1) == float(by_column)


def test_labels_broadcasting_over_the_batch_are_allowed_with_the_same_rank():
    got = losses.MeanSquaredError()(np.zeros((1, 3)), Y_PRED)
    assert float(got) == pytest.approx(np.mean(Y_PRED ** 2), rel=1e-6)


# --- ignore_class ----------------------------------------------------------------------------
def test_ignore_class_masks_samples_and_drops_them_from_the_mean():
    ids = np.array([0, 1, 2, 1])
    probabilities = RNG.dirichlet(np.ones(3), 4).astype(np.float32)
    picked = -np.log(probabilities[np.arange(4), ids])
    loss = losses.SparseCategoricalCrossentropy(ignore_class=1)
    assert float(loss(ids, probabilities)) == pytest.approx((picked[0] + picked[2]) / 2, rel=1e-5)
    per_sample = losses.SparseCategoricalCrossentropy(ignore_class=1, reduction=None)(ids, probabilities)
    np.testing.assert_allclose(per_sample.numpy(), [picked[0], 0, picked[2], 0], rtol=1e-5)
    function_form = losses.sparse_categorical_crossentropy(ids, probabilities, ignore_class=1)
    np.testing.assert_allclose(function_form.numpy(), per_sample.numpy())


def test_ignore_class_may_lie_outside_the_class_range():
    ids = np.array([0, -1, 2])
    probabilities = np.full((3, 3), 1 / 3, np.float32)
    got = losses.SparseCategoricalCrossentropy(ignore_class=-1)(ids, probabilities)
    assert float(got) == pytest.approx(np.log(3), rel=1e-6)


# --- dtypes -------------------------------------------------------------------------------------
def test_loss_dtype_float64():
    got = losses.MeanSquaredError(dtype="float64")(Y_TRUE, Y_PRED)
    assert got.dtype == np.float64 and losses.MeanSquaredError(dtype="float64").dtype == "float64"


def test_integer_and_list_inputs_are_converted_to_floatx():
    got = losses.MeanAbsoluteError()([[1, 2]], [[2, 2]])
    assert got.dtype == np.float32 and float(got) == 0.5


# --- custom losses: the general path --------------------------------------------------------------
class MeanCube(losses.Loss):
    def call(self, y_true, y_pred):
        return ops.mean(ops.abs(y_pred - y_true) ** 3, axis=-1)


def test_custom_loss_subclass_reductions():
    cube = np.mean(np.abs(Y_PRED - Y_TRUE) ** 3, axis=-1)
    assert MeanCube().name == "mean_cube"
    assert float(MeanCube()(Y_TRUE, Y_PRED)) == pytest.approx(cube.mean(), rel=1e-5)
    assert float(MeanCube(reduction="sum")(Y_TRUE, Y_PRED, sample_weight=WEIGHTS)) == \
        pytest.approx(np.sum(cube * WEIGHTS), rel=1e-5)
    np.testing.assert_allclose(MeanCube(reduction=None)(Y_TRUE, Y_PRED).numpy(), cube, rtol=1e-5)


def test_subclass_of_a_builtin_that_overrides_call_uses_its_call():
    class ScaledMSE(losses.MeanSquaredError):
        def call(self, y_true, y_pred):
            return 10 * losses.mean_squared_error(y_true, y_pred)

    assert float(ScaledMSE()(Y_TRUE, Y_PRED)) == pytest.approx(10 * PER_SAMPLE.mean(), rel=1e-5)


def test_loss_function_wrapper_of_a_plain_function():
    def doubled_mae(y_true, y_pred, factor=2.0):
        return factor * ops.mean(ops.abs(y_true - y_pred), axis=-1)

    loss = losses.LossFunctionWrapper(doubled_mae, factor=3.0)
    assert loss.name == "doubled_mae"
    assert float(loss(Y_TRUE, Y_PRED)) == pytest.approx(3 * np.mean(np.abs(Y_TRUE - Y_PRED)), rel=1e-5)


def test_loss_function_wrapper_of_a_builtin_function_takes_the_fused_path():
    loss = losses.LossFunctionWrapper(losses.mean_squared_error, name="my_mse")
    assert loss._plan is not None and loss.name == "my_mse"
    assert float(loss(Y_TRUE, Y_PRED)) == pytest.approx(PER_SAMPLE.mean(), rel=1e-6)


def test_custom_loss_returning_a_scalar_is_left_as_it_is():
    class Total(losses.Loss):
        def call(self, y_true, y_pred):
            return ops.sum(y_pred)

    assert float(Total()(Y_TRUE, Y_PRED)) == pytest.approx(Y_PRED.sum(), rel=1e-5)


def test_reduce_weighted_values_function():
    values = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
    assert float(losses.reduce_weighted_values(values, [1.0, 0.0, 1.0], "mean_with_sample_weight")) == 2.0
    assert float(losses.reduce_weighted_values(values, None, "sum")) == 6.0


@pytest.mark.parametrize("bad", ["auto", "avg", 0])
def test_unknown_reduction_is_refused(bad):
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        losses.MeanSquaredError(reduction=bad)
