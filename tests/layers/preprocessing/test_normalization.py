"""Normalization: adapt on every kind of data, Keras goldens, invert, errors, weights."""
import numpy as np
import pytest
from layer_test_utils import golden_cases, make_inputs, run_golden_case, run_layer_test

import numkeras
from numkeras.layers import Normalization
from numkeras.utils.py_dataset import PyDataset

DATA = np.array([[0.0, 7.0, 4.0], [2.0, 9.0, 6.0], [0.0, 7.0, 4.0], [2.0, 9.0, 6.0]], "float32")


def _adapted(**kwargs):
    layer = Normalization(**kwargs)
    layer.adapt(DATA)
    return layer


def test_layer_contract_with_given_statistics():
    run_layer_test(Normalization, {"mean": [1.0, 2.0, 3.0], "variance": [4.0, 1.0, 0.25]}, (4, 3),
                   (4, 3), run_train_step=False)


@pytest.mark.parametrize("name,case", golden_cases("Normalization"))
def test_matches_keras(name, case):
    layer = run_golden_case(case, num_weights_to_compare=2)
    adapt = case["adapt"]
    if adapt is not None:  # count: how many values each mean was taken over
        values = np.concatenate(adapt["batches"]) if isinstance(adapt, dict) else np.asarray(adapt)
        assert int(layer.count.numpy()) == values.size // layer.adapt_mean.numpy().size


def test_keras_doc_examples():
    np.testing.assert_allclose(_adapted()(np.array([[0.0, 7.0, 4.0]])).numpy(), [[-1, -1, -1]])
    np.testing.assert_allclose(_adapted(invert=True)(np.array([[1.0, 2.0, 3.0]])).numpy(),
                               [[2, 10, 8]])
    layer = Normalization(mean=3.0, variance=2.0)
    np.testing.assert_allclose(layer(np.array([[1.0], [2.0], [3.0]])).numpy(),
                               [[-1.4142135], [-0.70710677], [0.0]], rtol=1e-6)


def test_variance_is_the_population_variance():
    layer = _adapted()
    np.testing.assert_allclose(layer.adapt_variance.numpy(), [1.0, 1.0, 1.0])  # not 4/3
    np.testing.assert_allclose(layer.adapt_mean.numpy(), [1.0, 8.0, 5.0])


@pytest.mark.parametrize("kind", ["list", "dataframe", "generator", "tuples", "pydataset", "tensor"])
def test_adapt_accepts_many_kinds_of_data(kind):
    data = np.random.default_rng(0).normal(3.0, 2.0, (50, 4))
    batches = [data[:20], data[20:35], data[35:]]
    if kind == "list":
        source = data.tolist()
    elif kind == "dataframe":
        import pandas  # a test dependency
        source = pandas.DataFrame(data)
    elif kind == "generator":
        source = (b for b in batches)
    elif kind == "tuples":
        source = [(b, np.zeros(len(b))) for b in batches]
    elif kind == "tensor":
        source = numkeras.backend.convert_to_tensor(data)
    else:
        class Batches(PyDataset):
            def __len__(self):
                return 3

            def __getitem__(self, i):
                return batches[i], None

        source = Batches()
    layer = Normalization()
    layer.adapt(source)
    np.testing.assert_allclose(layer.adapt_mean.numpy(), data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.adapt_variance.numpy(), data.var(0), rtol=1e-5)
    assert int(layer.count.numpy()) == 50


def test_pandas_series_with_axis_none():
    import pandas  # a test dependency
    layer = Normalization(axis=None)
    layer.adapt(pandas.Series([1.0, 2.0, 3.0, 4.0, 5.0]))
    np.testing.assert_allclose(layer(np.array([[3.0], [5.0]])).numpy(), [[0.0], [np.sqrt(2)]],
                               rtol=1e-6)


def test_use_before_adapt_is_an_error():
    layer = Normalization(name="norm")
    with pytest.raises(ValueError, match="'norm' has no mean and variance yet.*adapt"):
        layer(np.ones((2, 3)))


def test_set_weights_counts_as_adapted():
    source = _adapted()
    layer = Normalization()
    layer.build((None, 3))
    layer.set_weights(source.get_weights())
    np.testing.assert_allclose(layer(DATA[:1]).numpy(), [[-1, -1, -1]])


def test_weights_are_mean_variance_count_and_non_trainable():
    layer = _adapted()
    assert [w.name for w in layer.weights] == ["mean", "variance", "count"]
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 3
    assert layer.count.dtype == np.int32
    assert Normalization(mean=0.0, variance=1.0).weights == []


def test_zero_variance_is_floored_at_epsilon():
    layer = Normalization()
    layer.adapt(np.array([[1.0, 2.0], [1.0, 4.0]]))
    out = layer(np.array([[1.0, 3.0]])).numpy()
    assert np.all(np.isfinite(out)) and out[0, 0] == 0.0


def test_gradient_flows_to_the_input():
    layer = _adapted()
    x = numkeras.Variable(DATA[:2])
    with numkeras.GradientTape() as tape:
        y = numkeras.ops.sum(layer(x))
    np.testing.assert_allclose(tape.gradient(y, [x])[0], np.ones((2, 3)))  # 1/sqrt(var) = 1


def test_in_a_sequential_model_with_fit_style_call():
    norm = _adapted()
    model = numkeras.Sequential([numkeras.Input(shape=(3,)), norm, numkeras.layers.Dense(2)])
    assert model(make_inputs((5, 3))).shape == (5, 2)


@pytest.mark.parametrize("kwargs,message", [
    ({"mean": 1.0}, "both `mean` and `variance`"),
    ({"mean": [1.0, 2.0], "variance": [1.0]}, "same shape"),
    ({"axis": "x"}, "`axis` must be an int"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Normalization(**kwargs)


def test_adapt_with_wrong_feature_count_after_build():
    layer = _adapted()
    with pytest.raises(ValueError, match=r"kept-axis sizes \(3,\)"):
        layer.adapt(np.ones((4, 5)))


def test_empty_generator_is_rejected():
    with pytest.raises(ValueError, match="no data"):
        Normalization().adapt(iter([]))


def test_config_round_trip_keeps_given_statistics():
    layer = Normalization(axis=-1, mean=[1.0, 2.0], variance=[4.0, 9.0], invert=True)
    config = layer.get_config()
    assert config["mean"] == [1.0, 2.0] and config["axis"] == [-1] and config["invert"] is True
    clone = Normalization.from_config(config)
    x = np.array([[1.0, 1.0]])
    np.testing.assert_allclose(clone(x).numpy(), layer(x).numpy())
    np.testing.assert_allclose(layer(x).numpy(), [[3.0, 5.0]])


def test_list_of_same_shaped_x_y_tuples_is_read_as_batches():
    x = np.random.default_rng(1).normal(0.0, 1.0, (20, 3))
    layer = Normalization()
    layer.adapt([(x[:10], x[:10]), (x[10:], x[10:])])  # autoencoder-style (x, x) batches
    np.testing.assert_allclose(layer.adapt_mean.numpy(), x.mean(0), rtol=1e-5)
    assert int(layer.count.numpy()) == 20
