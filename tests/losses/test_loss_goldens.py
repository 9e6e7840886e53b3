"""Loss values against real Keras, the lecture notes' printed numbers and Keras's doc examples."""
import numpy as np
import pytest
from float32_tolerance import assert_float32_close
from loss_goldens import LOSS_GOLDENS

from numkeras import losses


def _array(x):
    return None if x is None else np.array(x, "float32")


@pytest.mark.parametrize("case_id", sorted(LOSS_GOLDENS))
def test_matches_keras(case_id):
    # Values from Keras 3 (JAX backend), computed by tools/loss_metric_goldens.py.
    case = LOSS_GOLDENS[case_id]
    loss = getattr(losses, case["cls"])(**case["kwargs"])
    got = loss(_array(case["y_true"]), _array(case["y_pred"]), sample_weight=_array(case["sample_weight"]))
    expected = np.asarray(case["expected"])
    assert got.dtype == np.float32
    assert got.shape == expected.shape
    # The binary probability formula keeps tf.keras's log(p + eps) (see crossentropy_ops):
    # it differs from Keras 3's log(p) by less than eps / p. NumPy and jax round their float32
    # ops on their own: equal to float32 rounding.
    assert_float32_close(got.numpy(), expected)


# --- the lecture notes (tf.keras) print these exact strings --------------------------------
LECTURE_PRED = [[0.6, 0.3, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2]]


def test_lecture_binary_crossentropy_prints_0_3445814():
    y_true = [[1], [0], [0], [1]]
    y_pred = [[0.8], [0.3], [0.5], [0.9]]
    value = losses.BinaryCrossentropy()(y_true, y_pred).numpy()
    assert str(value) == "0.3445814"
    assert value.dtype == np.float32 and np.ndim(value) == 0


def test_lecture_categorical_crossentropy_prints_1_936381():
    y_true = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    assert str(losses.CategoricalCrossentropy()(y_true, LECTURE_PRED).numpy()) == "1.936381"


def test_lecture_sparse_categorical_crossentropy_prints_1_936381():
    assert str(losses.SparseCategoricalCrossentropy()([1, 2, 0], LECTURE_PRED).numpy()) == "1.936381"


def test_result_is_a_0d_float32_tensor_usable_as_a_number():
    out = losses.MeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [1, 0]])
    assert out.shape == () and out.dtype == np.float32
    assert float(out) == 0.5 and np.asarray(out) == 0.5 and f"{out:.2f}" == "0.50"


# --- Keras's documented examples (keras-api.md §4), printed there to 3 decimals -------------------
def test_doc_example_mse():
    assert float(losses.MeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [1, 0]])) == 0.5


def test_doc_example_binary_crossentropy_probabilities():
    y_true, y_pred = [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]
    per_sample = losses.binary_crossentropy(y_true, y_pred).numpy()
    np.testing.assert_allclose(per_sample, [0.916, 0.714], atol=5e-4)
    assert float(losses.BinaryCrossentropy()(y_true, y_pred)) == pytest.approx(0.815, abs=1e-3)


def test_doc_example_binary_crossentropy_logits():
    bce = losses.BinaryCrossentropy(from_logits=True)
    assert float(bce([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8])) == pytest.approx(0.865, abs=1e-3)
    y_true, logits = [[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]]
    assert float(bce(y_true, logits)) == pytest.approx(0.865, abs=1e-3)
    assert float(bce(y_true, logits, sample_weight=[0.8, 0.2])) == pytest.approx(0.243, abs=1e-3)
    summed = losses.BinaryCrossentropy(from_logits=True, reduction="sum")(y_true, logits)
    assert float(summed) == pytest.approx(1.731, abs=1e-3)
    none = losses.BinaryCrossentropy(from_logits=True, reduction=None)(y_true, logits).numpy()
    np.testing.assert_allclose(none, [0.235, 1.496], atol=5e-4)


@pytest.mark.parametrize("cls, y_true", [(losses.CategoricalCrossentropy, [[0, 1, 0], [0, 0, 1]]),
                                         (losses.SparseCategoricalCrossentropy, [1, 2])])
def test_doc_example_categorical_crossentropies(cls, y_true):
    y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    assert float(cls()(y_true, y_pred)) == pytest.approx(1.177, abs=1e-3)
    assert float(cls()(y_true, y_pred, sample_weight=np.array([0.3, 0.7]))) == pytest.approx(0.814, abs=1e-3)
    assert float(cls(reduction="sum")(y_true, y_pred)) == pytest.approx(2.354, abs=1e-3)
    np.testing.assert_allclose(cls(reduction=None)(y_true, y_pred).numpy(), [0.0513, 2.303], atol=5e-4)


# --- function forms return per-sample values ---------------------------------------------------
FUNCTION_SHAPES = [
    (losses.mean_squared_error, (4, 3), (4,)),
    (losses.mean_absolute_error, (2, 5, 3), (2, 5)),
    (losses.binary_crossentropy, (4, 1), (4,)),
    (losses.categorical_crossentropy, (4, 3), (4,)),
    (losses.kl_divergence, (4, 3), (4,)),
    (losses.cosine_similarity, (4, 3), (4,)),
    (losses.categorical_hinge, (4, 3), (4,)),
]


@pytest.mark.parametrize("fn, shape, expected", FUNCTION_SHAPES, ids=lambda x: getattr(x, "__name__", ""))
def test_function_forms_return_per_sample_tensors(fn, shape, expected):
    rng = np.random.default_rng(0)
    out = fn(rng.uniform(0.1, 0.9, shape), rng.uniform(0.1, 0.9, shape))
    assert out.shape == expected and out.dtype == np.float32


def test_function_form_agrees_with_class_reduction_none():
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    np.testing.assert_array_equal(losses.huber(y_true, y_pred, delta=0.5).numpy(),
                                  losses.Huber(delta=0.5, reduction=None)(y_true, y_pred).numpy())


def test_aliases_are_the_functions():
    assert losses.mse is losses.mean_squared_error and losses.mae is losses.mean_absolute_error
    assert losses.kld is losses.kl_divergence and losses.logcosh is losses.log_cosh
