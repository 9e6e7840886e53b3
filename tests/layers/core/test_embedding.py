"""Embedding: lookups, Keras goldens, gradients (dense rows updated only where ids occur), errors."""
import warnings

import numpy as np
import pytest
from layer_test_utils import golden_cases, run_golden_case, run_layer_test

import numkeras
from numkeras.backend import GradientTape, backward
from numkeras.layers import Embedding


def test_layer_contract():
    run_layer_test(Embedding, {"input_dim": 10, "output_dim": 4}, (3, 5), (3, 5, 4),
                   expected_num_trainable_weights=1, input_dtype="int32", int_high=10)


def test_layer_contract_with_mask_zero_and_regularizer():
    run_layer_test(Embedding, {"input_dim": 6, "output_dim": 2, "mask_zero": True,
                               "embeddings_regularizer": "l2"},
                   (2, 3), (2, 3, 2), expected_num_trainable_weights=1, input_dtype="int64", int_high=6)


@pytest.mark.parametrize("name,case", golden_cases("Embedding"))
def test_matches_keras(name, case):
    run_golden_case(case)


def test_default_initializer_is_uniform_005():
    layer = Embedding(1000, 8)
    layer.build(None)
    values = layer.embeddings.numpy()
    assert values.dtype == np.float32
    assert values.min() >= -0.05 and values.max() <= 0.05 and values.std() > 0.02
    assert layer.get_config()["embeddings_initializer"]["class_name"] == "RandomUniform"


def test_gradient_accumulates_on_repeated_ids_and_is_zero_elsewhere():
    weights = np.arange(12, dtype="float32").reshape(4, 3)
    layer = Embedding(4, 3, weights=weights)
    with GradientTape():
        out = layer(np.array([[1, 1, 3]]))
    (grad,) = backward(out, [layer.embeddings])
    np.testing.assert_array_equal(grad, [[0, 0, 0], [2, 2, 2], [0, 0, 0], [1, 1, 1]])


def test_float_ids_are_cast_and_output_is_float32():
    layer = Embedding(3, 2, weights=np.eye(3, 2, dtype="float32"))
    out = layer(np.array([[2.0, 0.0]], "float32"))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), [[[0, 0], [1, 0]]])


def test_out_of_range_id_names_layer_and_max_id():
    layer = Embedding(5, 2, name="words")
    with pytest.raises(ValueError, match=r"'words' got id 7.*\[0, 4\].*input_dim=5"):
        layer(np.array([[1, 7]]))
    with pytest.raises(ValueError, match="got id -1"):
        layer(np.array([[-1, 2]]))


@pytest.mark.parametrize("kwargs,arg", [({"input_dim": 0, "output_dim": 2}, "input_dim"),
                                        ({"input_dim": 3, "output_dim": 2.5}, "output_dim")])
def test_bad_dimensions_are_rejected(kwargs, arg):
    with pytest.raises(ValueError, match=f"`{arg}` must be a positive int"):
        Embedding(**kwargs)


def test_compute_mask_only_with_mask_zero():
    ids = np.array([[0, 3, 0]])
    assert Embedding(4, 2).compute_mask(ids) is None
    np.testing.assert_array_equal(Embedding(4, 2, mask_zero=True).compute_mask(ids).numpy(),
                                  [[False, True, False]])


def test_input_length_warns_and_acts_as_input_shape():
    with pytest.warns(DeprecationWarning, match="input_length"):
        layer = Embedding(10, 3, input_length=7)
    model = numkeras.Sequential([layer])
    assert model.built and model.output_shape == (None, 7, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Embedding(10, 3)  # no warning without it


def test_weights_argument_builds_and_accepts_a_list():
    weights = np.ones((3, 2), "float32")
    for given in (weights, [weights]):
        layer = Embedding(3, 2, weights=given)
        assert layer.built
        np.testing.assert_array_equal(layer.get_weights()[0], weights)


def test_lora_freezes_the_matrix_and_trains_a_low_rank_delta():
    layer = Embedding(6, 4, lora_rank=2)
    layer.build(None)
    assert [w.name for w in layer.trainable_weights] == ["lora_embeddings_a", "lora_embeddings_b"]
    assert [w.name for w in layer.non_trainable_weights] == ["embeddings"]
    base = layer._embeddings.numpy()
    np.testing.assert_allclose(layer(np.array([[1, 2]])).numpy(), base[[1, 2]][None])  # b starts at 0
    config = layer.get_config()
    assert config["lora_rank"] == 2 and config["lora_alpha"] == 2
    assert Embedding.from_config(config).get_config() == config


def test_embedding_in_a_sequential_model_predicts_with_int_inputs():
    model = numkeras.Sequential([numkeras.Input(shape=(4,), dtype="int32"), Embedding(20, 3),
                                 numkeras.layers.Flatten(), numkeras.layers.Dense(1)])
    out = model(np.array([[1, 2, 3, 19]]))
    assert out.shape == (1, 1)
