"""Every loss's gradient against finite differences (float64), through the public API.

Function forms are checked with respect to y_pred and (where labels are real
numbers) y_true; loss objects with each reduction and sample weights; the fused
logits paths with respect to the logits behind a sigmoid/softmax output.
Inputs stay away from kinks (|error| = delta for Huber, margins of exactly 1
for the hinges, clipping bounds), where finite differences are not defined.
"""
import numpy as np
import pytest

from numkeras import losses, ops
from numkeras.backend.gradcheck import check_grads

RNG = np.random.default_rng(7)
Y_REG, P_REG = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
Y_POS, P_POS = RNG.uniform(0.2, 2.0, (4, 3)), RNG.uniform(0.2, 2.0, (4, 3))
Y_BIN, P_PROB = RNG.integers(0, 2, (4, 3)).astype(float), RNG.uniform(0.1, 0.9, (4, 3))
LOGITS = RNG.normal(size=(4, 3)) * 2
IDS = np.array([0, 2, 1, 2])
ONE_HOT = np.eye(3)[IDS]
DIST_T, DIST_P = RNG.dirichlet(np.ones(3), 4), RNG.dirichlet(np.ones(3), 4)
UNNORMALISED = RNG.uniform(0.2, 1.0, (4, 3))
SIGNED = np.where(RNG.random((4, 3)) > 0.5, 1.0, -1.0)
WEIGHTS = np.array([0.5, 1.5, 0.0, 2.0])


def _huber_pred():
    # errors in (0.1, 0.4) or (0.6, 2): none at |e| = delta = 0.5
    errors = np.where(RNG.random((4, 3)) > 0.5, RNG.uniform(0.1, 0.4, (4, 3)), RNG.uniform(0.6, 2.0, (4, 3)))
    return Y_REG + errors * RNG.choice([-1.0, 1.0], (4, 3))


def _hinge_pred():
    # margins 1 - y*p in +-(0.2, 0.8): none at the kink 1 - y*p = 0
    return SIGNED * (1 + RNG.uniform(0.2, 0.8, (4, 3)) * RNG.choice([-1.0, 1.0], (4, 3)))


def _categorical_hinge_pred():
    # a clear runner-up class (no tie in the max) and margins away from 0
    pred = RNG.uniform(0.0, 0.3, (4, 3))
    pred[np.arange(4), IDS] += 1.5
    pred[np.arange(4), (IDS + 1) % 3] += 0.9
    return pred


# (id, function with fixed options, y_true, y_pred, differentiate y_true too)
FUNCTIONS = [
    ("mse", losses.mean_squared_error, Y_REG, P_REG, True),
    ("mae", losses.mean_absolute_error, Y_REG, P_REG, True),
    ("mape", losses.mean_absolute_percentage_error, Y_REG + 3, P_REG, True),
    ("msle", losses.mean_squared_logarithmic_error, Y_POS, P_POS, True),
    ("huber", lambda t, p: losses.huber(t, p, delta=0.5), Y_REG, _huber_pred(), True),
    ("log_cosh", losses.log_cosh, Y_REG, P_REG, True),
    ("cosine_similarity", losses.cosine_similarity, Y_REG, P_REG, True),
    ("cosine_similarity_axis0", lambda t, p: losses.cosine_similarity(t, p, axis=0), Y_REG, P_REG, True),
    ("hinge", losses.hinge, SIGNED, _hinge_pred(), False),
    ("squared_hinge", losses.squared_hinge, SIGNED, _hinge_pred(), True),
    ("categorical_hinge", losses.categorical_hinge, ONE_HOT, _categorical_hinge_pred(), False),
    ("kl_divergence", losses.kl_divergence, DIST_T, DIST_P, True),
    ("poisson", losses.poisson, Y_POS, P_POS, True),
    ("binary_crossentropy", losses.binary_crossentropy, Y_BIN, P_PROB, True),
    ("binary_crossentropy_smoothing",
     lambda t, p: losses.binary_crossentropy(t, p, label_smoothing=0.2, axis=0), Y_BIN, P_PROB, True),
    ("binary_crossentropy_logits",
     lambda t, p: losses.binary_crossentropy(t, p, from_logits=True), Y_BIN, LOGITS, True),
    ("categorical_crossentropy", losses.categorical_crossentropy, DIST_T, UNNORMALISED, True),
    ("categorical_crossentropy_logits_smoothing",
     lambda t, p: losses.categorical_crossentropy(t, p, from_logits=True, label_smoothing=0.1),
     ONE_HOT, LOGITS, True),
    ("categorical_crossentropy_logits_unnormalised_targets",   # rows not summing to 1: p * sum(t) - t
     lambda t, p: losses.categorical_crossentropy(t, p, from_logits=True), UNNORMALISED, LOGITS, True),
]


@pytest.mark.parametrize("name, fn, y_true, y_pred, wrt_true", FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_function_form_gradients(float64, name, fn, y_true, y_pred, wrt_true):
    check_grads(fn, (y_true, y_pred), argnums=[0, 1] if wrt_true else [1], mode="jacobian", name=name)


@pytest.mark.parametrize("from_logits, y_pred", [(False, UNNORMALISED), (True, LOGITS)])
def test_sparse_categorical_crossentropy_gradients(float64, from_logits, y_pred):
    fn = lambda p: losses.sparse_categorical_crossentropy(IDS, p, from_logits=from_logits)  # noqa: E731
    check_grads(fn, (y_pred,), mode="jacobian")


# Each loss class with each reduction and with sample weights: the fused reduced primitive.
CLASSES = [
    (losses.MeanSquaredError(), Y_REG, P_REG),
    (losses.MeanAbsoluteError(), Y_REG, P_REG),
    (losses.MeanAbsolutePercentageError(), Y_REG + 3, P_REG),
    (losses.MeanSquaredLogarithmicError(), Y_POS, P_POS),
    (losses.Huber(delta=0.5), Y_REG, _huber_pred()),
    (losses.LogCosh(), Y_REG, P_REG),
    (losses.CosineSimilarity(), Y_REG, P_REG),
    (losses.Hinge(), SIGNED, _hinge_pred()),
    (losses.SquaredHinge(), SIGNED, _hinge_pred()),
    (losses.CategoricalHinge(), ONE_HOT, _categorical_hinge_pred()),
    (losses.KLDivergence(), DIST_T, DIST_P),
    (losses.Poisson(), Y_POS, P_POS),
    (losses.BinaryCrossentropy(label_smoothing=0.1), Y_BIN, P_PROB),
    (losses.BinaryCrossentropy(from_logits=True), Y_BIN, LOGITS),
    (losses.CategoricalCrossentropy(), ONE_HOT, UNNORMALISED),
    (losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2), ONE_HOT, LOGITS),
    (losses.SparseCategoricalCrossentropy(), IDS, UNNORMALISED),
    (losses.SparseCategoricalCrossentropy(from_logits=True), IDS, LOGITS),
    (losses.SparseCategoricalCrossentropy(ignore_class=2), IDS, UNNORMALISED),
]
REDUCTIONS = ["sum_over_batch_size", "sum", "mean_with_sample_weight", None]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("template, y_true, y_pred", CLASSES, ids=[type(c[0]).__name__ for c in CLASSES])
def test_loss_object_gradients(float64, template, y_true, y_pred, reduction, weighted):
    config = {**template.get_config(), "reduction": reduction}
    loss = type(template).from_config(config)   # built under float64, so it computes in float64
    weights = WEIGHTS if weighted else None
    check_grads(lambda p: loss(y_true, p, sample_weight=weights), (y_pred,), mode="jacobian",
                name=f"{loss.name}[{reduction}]")


# The fused paths: the gradient reaches the logits behind a sigmoid/softmax output directly.
FUSED = [
    (losses.BinaryCrossentropy(), Y_BIN, ops.sigmoid),
    (losses.BinaryCrossentropy(label_smoothing=0.3), Y_BIN, ops.sigmoid),
    (losses.CategoricalCrossentropy(), ONE_HOT, ops.softmax),
    (losses.CategoricalCrossentropy(label_smoothing=0.1), DIST_T, ops.softmax),
    (losses.SparseCategoricalCrossentropy(), IDS, ops.softmax),
]


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("template, y_true, activation", FUSED, ids=[type(c[0]).__name__ for c in FUSED])
def test_fused_path_gradients_with_respect_to_logits(float64, template, y_true, activation, weighted):
    loss = type(template).from_config(template.get_config())
    weights = WEIGHTS if weighted else None
    check_grads(lambda z: loss(y_true, activation(z), sample_weight=weights), (LOGITS,), mode="jacobian")


def test_custom_loss_subclass_gradient(float64):
    class MeanCube(losses.Loss):
        def call(self, y_true, y_pred):
            return ops.mean(ops.abs(y_pred - y_true) ** 3, axis=-1)

    loss = MeanCube(reduction="mean_with_sample_weight")
    check_grads(lambda p: loss(Y_REG, p, sample_weight=WEIGHTS), (P_REG,), mode="jacobian")


def test_wrapped_plain_function_gradient(float64):
    def squared_log_ratio(y_true, y_pred):
        return ops.mean(ops.square(ops.log(y_pred / y_true)), axis=-1)

    loss = losses.LossFunctionWrapper(squared_log_ratio, reduction="sum")
    check_grads(lambda p: loss(Y_POS, p, sample_weight=WEIGHTS), (P_POS,), mode="jacobian")
