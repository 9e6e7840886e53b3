"""`losses.get`, serialize/deserialize, config round trips and `resolve_loss`."""
import json
import pickle

import numpy as np
import pytest

from numkeras import losses, ops

RNG = np.random.default_rng(5)


@pytest.mark.parametrize("name, cls", [
    ("mse", losses.MeanSquaredError), ("MSE", losses.MeanSquaredError), ("Mse", losses.MeanSquaredError),
    ("mean_squared_error", losses.MeanSquaredError), ("mae", losses.MeanAbsoluteError),
    ("mape", losses.MeanAbsolutePercentageError), ("msle", losses.MeanSquaredLogarithmicError),
    ("bce", losses.BinaryCrossentropy), ("binary_crossentropy", losses.BinaryCrossentropy),
    ("categorical_crossentropy", losses.CategoricalCrossentropy),
    ("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy),
    ("huber", losses.Huber), ("hinge", losses.Hinge), ("squared_hinge", losses.SquaredHinge),
    ("categorical_hinge", losses.CategoricalHinge), ("kld", losses.KLDivergence),
    ("kl_divergence", losses.KLDivergence), ("kullback_leibler_divergence", losses.KLDivergence),
    ("poisson", losses.Poisson), ("log_cosh", losses.LogCosh), ("logcosh", losses.LogCosh),
    ("cosine_similarity", losses.CosineSimilarity),
])
def test_function_names_give_the_loss_named_by_the_string(name, cls):
    loss = losses.get(name)
    assert type(loss) is cls and loss.name == name    # as Keras names a compiled loss


@pytest.mark.parametrize("name, cls, default_name", [
    ("MeanSquaredError", losses.MeanSquaredError, "mean_squared_error"),
    ("BinaryCrossentropy", losses.BinaryCrossentropy, "binary_crossentropy"),
    ("binarycrossentropy", losses.BinaryCrossentropy, "binary_crossentropy"),
    ("Huber", losses.Huber, "huber_loss"),
    ("KLDivergence", losses.KLDivergence, "kl_divergence"),
])
def test_class_names_give_the_class_with_its_default_name(name, cls, default_name):
    loss = losses.get(name)
    assert type(loss) is cls and loss.name == default_name


def test_get_other_identifiers():
    loss = losses.BinaryCrossentropy(from_logits=True)
    assert losses.get(loss) is loss and losses.get(None) is None
    assert type(losses.get(losses.Huber)) is losses.Huber
    assert losses.get(losses.mean_absolute_error).name == "mean_absolute_error"
    assert isinstance(losses.get(losses.mean_absolute_error), losses.MeanAbsoluteError)
    config = {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}}
    assert losses.get(config).from_logits is True

    def my_loss(y_true, y_pred):
        return ops.mean(ops.square(y_pred - y_true), axis=-1)

    wrapped = losses.get(my_loss)
    assert isinstance(wrapped, losses.LossFunctionWrapper) and wrapped.name == "my_loss"
    assert float(wrapped([[1.0]], [[3.0]])) == 4.0


CONFIGURED = [
    losses.MeanSquaredError(reduction="sum", name="a"), losses.MeanAbsoluteError(),
    losses.MeanAbsolutePercentageError(), losses.MeanSquaredLogarithmicError(reduction=None),
    losses.Huber(delta=0.3), losses.LogCosh(), losses.CosineSimilarity(axis=0),
    losses.Hinge(), losses.SquaredHinge(), losses.CategoricalHinge(), losses.KLDivergence(), losses.Poisson(),
    losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, axis=0),
    losses.CategoricalCrossentropy(label_smoothing=0.2, reduction="mean_with_sample_weight"),
    losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0),
]


def _inputs(loss):
    if isinstance(loss, losses.SparseCategoricalCrossentropy):
        return np.array([1, 2, 0]), RNG.normal(size=(3, 4))
    return RNG.uniform(0.1, 0.9, (3, 4)).round(), RNG.uniform(0.1, 0.9, (3, 4))


@pytest.mark.parametrize("loss", CONFIGURED, ids=lambda loss: type(loss).__name__)
def test_config_round_trip_keeps_the_loss(loss):
    config = loss.get_config()
    clone = type(loss).from_config(json.loads(json.dumps(config)))
    assert clone.get_config() == config
    y_true, y_pred = _inputs(loss)
    np.testing.assert_array_equal(np.asarray(loss(y_true, y_pred)), np.asarray(clone(y_true, y_pred)))


@pytest.mark.parametrize("loss", CONFIGURED, ids=lambda loss: type(loss).__name__)
def test_serialize_deserialize_round_trip(loss):
    data = losses.serialize(loss)
    assert data["module"] == "keras.losses" and data["class_name"] == type(loss).__name__
    clone = losses.deserialize(json.loads(json.dumps(data)))
    assert type(clone) is type(loss) and clone.get_config() == loss.get_config()


def test_keras_configs_match_keras_keys():
    # From keras.losses.<cls>().get_config() in Keras 3.15 (Huber and CosineSimilarity add delta/axis here).
    assert losses.MeanSquaredError().get_config() == {"name": "mean_squared_error",
                                                      "reduction": "sum_over_batch_size"}
    assert losses.BinaryCrossentropy().get_config() == {
        "name": "binary_crossentropy", "reduction": "sum_over_batch_size", "from_logits": False,
        "label_smoothing": 0.0, "axis": -1}
    assert losses.SparseCategoricalCrossentropy().get_config() == {
        "name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size", "from_logits": False,
        "ignore_class": None}


def test_serialize_builtin_function_and_wrapper():
    assert losses.serialize(losses.mean_squared_error) == {
        "module": "keras.losses", "class_name": "function", "config": "mean_squared_error",
        "registered_name": None}
    assert losses.deserialize(losses.serialize(losses.mean_squared_error)).name == "mean_squared_error"
    wrapper = losses.LossFunctionWrapper(losses.huber, delta=2.0, name="h")
    clone = losses.deserialize(losses.serialize(wrapper))
    assert isinstance(clone, losses.LossFunctionWrapper) and clone.name == "h"
    y_true, y_pred = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2)) * 4
    assert float(clone(y_true, y_pred)) == float(wrapper(y_true, y_pred))


def test_deserialize_custom_function_needs_custom_objects():
    def my_loss(y_true, y_pred):
        return ops.mean(ops.abs(y_pred - y_true), axis=-1)

    data = losses.serialize(losses.LossFunctionWrapper(my_loss))
    clone = losses.deserialize(data, custom_objects={"my_loss": my_loss})
    assert clone.fn is my_loss
    with pytest.raises(ValueError, match="Unknown loss: 'my_loss'"):
        losses.deserialize(data)


@pytest.mark.parametrize("t_shape, p_shape, cls", [
    ((None, 1), (None, 1), losses.BinaryCrossentropy),
    ((None,), (None, 10), losses.SparseCategoricalCrossentropy),
    ((None, 1), (None, 10), losses.SparseCategoricalCrossentropy),
    ((None, 10), (None, 10), losses.CategoricalCrossentropy),
])
@pytest.mark.parametrize("name", ["crossentropy", "CE"])
def test_resolve_loss_crossentropy_by_shapes(name, t_shape, p_shape, cls):
    loss = losses.resolve_loss(name, t_shape, p_shape)
    assert type(loss) is cls and loss.name == name


def test_get_of_crossentropy_points_to_resolve_loss():
    with pytest.raises(ValueError, match=r"Loss 'ce' picks binary, sparse or categorical.*use resolve_loss"):
        losses.get("ce")


def test_resolve_loss_other_identifiers_go_through_get():
    assert losses.resolve_loss("mae", (None, 1), (None, 1)).name == "mae"
    huber = losses.Huber()
    assert losses.resolve_loss(huber, None, (None, 1)) is huber


@pytest.mark.parametrize("loss", CONFIGURED, ids=lambda loss: type(loss).__name__)
def test_pickle_round_trip(loss):
    # scikit-learn's n_jobs=-1 pickles estimators, and with them their losses
    clone = pickle.loads(pickle.dumps(loss))
    assert clone.get_config() == loss.get_config() and clone._plan is loss._plan
    y_true, y_pred = _inputs(loss)
    np.testing.assert_array_equal(np.asarray(loss(y_true, y_pred)), np.asarray(clone(y_true, y_pred)))
