"""Masks the Keras way: made by Embedding(mask_zero=True) and Masking, carried as `_keras_mask`
through Sequential and functional models, skipped by RNNs, and weighting the loss."""
import numpy as np

import numkeras as keras
from numkeras import layers

IDS = np.array([[3, 1, 4, 0, 0], [2, 7, 1, 8, 2], [5, 0, 0, 0, 0]], "int32")


def test_embedding_and_masking_attach_masks():
    out = layers.Embedding(10, 3, mask_zero=True)(IDS)
    np.testing.assert_array_equal(out._keras_mask.numpy(), IDS != 0)
    x = np.array([[[1.0, 2.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 5.0]]], "float32")
    masked = layers.Masking()(x)
    np.testing.assert_array_equal(masked._keras_mask.numpy(), [[True, False], [False, True]])
    np.testing.assert_array_equal(masked.numpy(), x)
    with_value = layers.Masking(mask_value=1.0)(np.ones((1, 2, 3), "float32") * [[[1], [2]]])
    np.testing.assert_array_equal(with_value.numpy()[0, 0], 0.0)  # masked steps are zeroed
    assert layers.Masking.from_config(layers.Masking(2.5).get_config()).mask_value == 2.5


def _model(functional):
    embedding = layers.Embedding(10, 4, mask_zero=True)
    lstm = layers.LSTM(3, return_sequences=True)
    if functional:
        inputs = keras.Input((5,), dtype="int32")
        return keras.Model(inputs, lstm(embedding(inputs)))
    return keras.Sequential([keras.Input((5,), dtype="int32"), embedding, lstm])


def test_masks_propagate_through_sequential_and_functional_models():
    for functional in (False, True):
        keras.utils.set_random_seed(0)
        model = _model(functional)
        out = model(IDS)
        np.testing.assert_array_equal(np.asarray(out._keras_mask.numpy()), IDS != 0)
        # The RNN skipped the padding: a masked step repeats the state before it.
        values = out.numpy()
        np.testing.assert_allclose(values[0, 3], values[0, 2])
        np.testing.assert_allclose(values[2, 1:], np.broadcast_to(values[2, :1], (4, 3)))


def test_rnn_results_ignore_what_sits_under_the_mask():
    lstm = layers.LSTM(4)
    x = np.random.default_rng(0).standard_normal((3, 5, 2)).astype("float32")
    mask = IDS != 0
    noisy = x.copy()
    noisy[~mask] = 100.0  # padding values must not matter
    np.testing.assert_allclose(lstm(x, mask=mask).numpy(), lstm(noisy, mask=mask).numpy(), rtol=1e-6)


def test_the_loss_is_averaged_over_unmasked_steps_only():
    model = keras.Sequential([keras.Input((5,), dtype="int32"), layers.Embedding(10, 1, mask_zero=True)])
    model.compile(loss="mse")
    model.layers[0].set_weights([np.arange(10, dtype="float32")[:, None]])
    y = np.zeros((3, 5, 1), "float32")
    expected = np.mean(IDS[IDS != 0].astype("float64") ** 2)  # the padded zeros are not counted
    np.testing.assert_allclose(model.evaluate(IDS, y, verbose=0), expected, rtol=1e-5)


def test_metrics_count_only_unmasked_steps():
    model = keras.Sequential([keras.Input((5,), dtype="int32"), layers.Embedding(10, 1, mask_zero=True)])
    model.compile(loss="mse", metrics=["mae"])
    model.layers[0].set_weights([np.arange(10, dtype="float32")[:, None]])
    _, mae = model.evaluate(IDS, np.zeros((3, 5, 1), "float32"), verbose=0)
    np.testing.assert_allclose(mae, np.mean(IDS[IDS != 0]), rtol=1e-5)  # not diluted by padding
