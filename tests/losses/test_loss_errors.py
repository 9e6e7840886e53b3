"""Bad labels fail up front with messages naming the loss, the expected and the received shapes."""
import re
import warnings

import numpy as np
import pytest

from numkeras import losses, ops

PROBS = np.full((3, 4), 0.25, np.float32)


@pytest.mark.parametrize("labels", [np.array([0, 2, 1]), np.array([[0], [2], [1]])], ids=["(n,)", "(n,1)"])
def test_class_indices_given_to_categorical_crossentropy(labels):
    expected = (f"categorical_crossentropy: labels look like class indices of shape {labels.shape} but "
                "the loss is categorical_crossentropy (y_pred has shape (3, 4), one column per class) — "
                "use sparse_categorical_crossentropy or keras.utils.to_categorical(y, 4).")
    with pytest.raises(ValueError, match=re.escape(expected)):
        losses.CategoricalCrossentropy()(labels, PROBS)
    with pytest.raises(ValueError, match="labels look like class indices"):
        losses.categorical_crossentropy(labels, ops.softmax(PROBS))   # the fused path checks too


def test_one_hot_labels_given_to_sparse_categorical_crossentropy():
    with pytest.raises(ValueError, match=re.escape(
            "sparse_categorical_crossentropy: y_true of shape (3, 4) looks one-hot (it has the shape of "
            "y_pred), but this loss expects integer class ids of shape (3,) — use "
            "categorical_crossentropy, or pass np.argmax(y, axis=-1).")):
        losses.SparseCategoricalCrossentropy()(np.eye(4)[[0, 2, 1]], PROBS)


def test_sparse_labels_of_the_wrong_length():
    with pytest.raises(ValueError, match=re.escape(
            "sparse_categorical_crossentropy: expected y_true of class ids with shape (3,) (y_pred has shape "
            "(3, 4)), got y_true of shape (5,).")):
        losses.SparseCategoricalCrossentropy()(np.arange(5), PROBS)


@pytest.mark.parametrize("from_logits", [False, True])
def test_class_id_beyond_the_output_width(from_logits):
    with pytest.raises(ValueError, match=re.escape(
            "sparse_categorical_crossentropy: y_true contains class id 7, but y_pred has 4 classes "
            "(shape (3, 4)); class ids must be integers in [0, 4).")):
        losses.SparseCategoricalCrossentropy(from_logits=from_logits)(np.array([1, 7, 0]), PROBS)


def test_elementwise_shape_mismatch_names_the_loss_and_both_shapes():
    with pytest.raises(ValueError, match=re.escape(
            "mean_squared_error: expected y_true of shape (3, 4) (the shape of y_pred; a trailing axis of "
            "size 1 may differ), got y_true of shape (3, 2).")):
        losses.MeanSquaredError()(np.zeros((3, 2)), PROBS)


def test_binary_crossentropy_with_class_indices_hints_at_the_sparse_loss():
    with pytest.raises(ValueError, match=r"binary_crossentropy: expected y_true of shape \(3, 4\).*got "
                                         r"y_true of shape \(3,\)\. The labels look like class indices: "
                                         r"with 4 output units use sparse_categorical_crossentropy"):
        losses.BinaryCrossentropy()(np.array([0, 3, 1]), PROBS)


def test_labels_equal_to_batch_size_are_not_silently_broadcast():
    square = np.full((4, 4), 0.25, np.float32)   # (n,) against (n, n) would broadcast in NumPy
    with pytest.raises(ValueError, match="mean_absolute_error: expected y_true of shape"):
        losses.MeanAbsoluteError()(np.arange(4.0), square)


def test_scalar_prediction_is_refused():
    with pytest.raises(ValueError, match="y_pred must have at least one axis"):
        losses.MeanSquaredError()(1.0, 2.0)


def test_categorical_crossentropy_with_one_output_unit_warns_as_keras():
    with pytest.warns(SyntaxWarning, match="Consider using 'binary_crossentropy'"):
        losses.CategoricalCrossentropy()(np.ones((3, 1)), np.full((3, 1), 0.5))


# --- validate_targets: once per fit, over the whole label array -----------------------------------
def test_validate_targets_shape_errors_match_the_per_call_ones():
    with pytest.raises(ValueError, match=r"labels look like class indices of shape \(100,\)"):
        losses.validate_targets("categorical_crossentropy", np.zeros(100, int), (None, 10))
    with pytest.raises(ValueError, match=r"looks one-hot"):
        one_hot = np.eye(10)[np.zeros(100, int)]
        losses.validate_targets(losses.SparseCategoricalCrossentropy(), one_hot, (None, 10))


def test_validate_targets_finds_class_ids_out_of_range():
    y = np.arange(12) % 10
    y[7] = 10
    with pytest.raises(ValueError, match=r"contains class id 10, but y_pred has 10 classes"):
        losses.validate_targets("sparse_categorical_crossentropy", y, (None, 10))
    y[7] = -1   # NumPy indexing would silently wrap a negative id around
    with pytest.raises(ValueError, match=r"contains class id -1"):
        losses.check_labels("sparse_categorical_crossentropy", y, (None, 10))


def test_validate_targets_accepts_good_labels_and_the_ignored_class():
    y = np.arange(12) % 10
    losses.validate_targets("sparse_categorical_crossentropy", y, (None, 10))
    losses.validate_targets("sparse_categorical_crossentropy", y.reshape(-1, 1).astype("float32"), (12, 10))
    y[0] = 255
    losses.validate_targets(losses.SparseCategoricalCrossentropy(ignore_class=255), y, (None, 10))
    losses.validate_targets("categorical_crossentropy", np.eye(10)[y % 10], (None, 10))
    losses.validate_targets("mse", np.zeros((12, 1)), (None, 1))


def test_validate_targets_refuses_fractional_class_ids():
    with pytest.raises(ValueError, match="class ids must be whole numbers, got 1.5"):
        losses.validate_targets("sparse_categorical_crossentropy", np.array([0.0, 1.5]), (None, 3))


def test_validate_targets_warns_on_binary_labels_outside_0_1():
    with pytest.warns(UserWarning, match=r"binary_crossentropy: y_true has values outside \[0, 1\].*"
                                         r"look like class ids \(10 or more classes\)"):
        losses.validate_targets("binary_crossentropy", np.arange(10), (None, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses.validate_targets("binary_crossentropy", np.array([0.0, 0.3, 1.0]), (None, 1))


def test_validate_targets_skips_custom_losses():
    def anything(y_true, y_pred):
        return ops.mean(y_pred, axis=-1)

    losses.validate_targets(anything, np.zeros((5, 7)), (None, 3))   # no opinion on a custom loss


def test_unknown_loss_name_suggests_the_closest():
    with pytest.raises(ValueError, match=re.escape("Unknown loss: 'msee'. Did you mean 'mse'? Available: ")):
        losses.get("msee")
    with pytest.raises(ValueError, match=re.escape("Did you mean 'binary_crossentropy'?")):
        losses.get("binary_crossentropi")


def test_uninterpretable_identifier():
    with pytest.raises(ValueError, match="Could not interpret loss identifier: 3"):
        losses.get(3)
