"""Every convolution, pooling and spatial layer through `run_layer_test` (shapes, weights,
config round trip, a train step, float64 gradient check), plus .keras saving and BatchNorm
over conv features."""
import numpy as np
import pytest
from layer_test_utils import run_layer_test

import numkeras
from numkeras import layers

CF = {"data_format": "channels_first"}

# (class, kwargs, input shape, output shape, trainable weights)
CASES = [
    (layers.Conv1D, {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (2, 6, 2), (2, 6, 3), 2),
    (layers.Conv2D, {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 7, 6, 3), (2, 4, 3, 4), 2),
    (layers.Conv2D, {"filters": 4, "kernel_size": 2, "groups": 2, "use_bias": False, **CF}, (2, 4, 5, 5), (2, 4, 4, 4), 1),
    (layers.Conv3D, {"filters": 2, "kernel_size": 2, "activation": "tanh"}, (1, 3, 3, 4, 2), (1, 2, 2, 3, 2), 2),
    (layers.Conv1DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 4, 3), (2, 8, 2), 2),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1}, (1, 3, 3, 2), (1, 8, 8, 2), 2),
    (layers.Conv3DTranspose, {"filters": 2, "kernel_size": 2, "padding": "same", **CF}, (1, 2, 2, 3, 2), (1, 2, 2, 3, 2), 2),
    (layers.DepthwiseConv1D, {"kernel_size": 2, "depth_multiplier": 2}, (2, 5, 3), (2, 4, 6), 2),
    (layers.DepthwiseConv2D, {"kernel_size": 3, "padding": "same", **CF}, (2, 3, 4, 4), (2, 3, 4, 4), 2),
    (layers.SeparableConv1D, {"filters": 4, "kernel_size": 3}, (2, 6, 3), (2, 4, 4), 3),
    (layers.SeparableConv2D, {"filters": 2, "kernel_size": 2, "depth_multiplier": 2}, (1, 4, 4, 3), (1, 3, 3, 2), 3),
    (layers.MaxPooling1D, {"pool_size": 3, "strides": 1}, (2, 6, 2), (2, 4, 2), 0),
    (layers.MaxPooling2D, {"padding": "same"}, (2, 5, 5, 2), (2, 3, 3, 2), 0),
    (layers.MaxPooling3D, {}, (1, 4, 4, 2, 2), (1, 2, 2, 1, 2), 0),
    (layers.AveragePooling1D, {"padding": "same", **CF}, (2, 2, 5), (2, 2, 3), 0),
    (layers.AveragePooling2D, {"pool_size": 3, "strides": 2}, (1, 7, 7, 2), (1, 3, 3, 2), 0),
    (layers.AveragePooling3D, {"pool_size": (1, 2, 2)}, (1, 2, 4, 4, 2), (1, 2, 2, 2, 2), 0),
    (layers.GlobalMaxPooling1D, {}, (2, 5, 3), (2, 3), 0),
    (layers.GlobalAveragePooling2D, {"keepdims": True}, (2, 3, 4, 2), (2, 1, 1, 2), 0),
    (layers.GlobalAveragePooling3D, CF, (1, 2, 2, 2, 3), (1, 2), 0),
    (layers.UpSampling1D, {}, (2, 3, 2), (2, 6, 2), 0),
    (layers.UpSampling2D, {"interpolation": "bilinear"}, (1, 3, 3, 2), (1, 6, 6, 2), 0),
    (layers.UpSampling3D, {"size": (1, 2, 1)}, (1, 2, 2, 2, 2), (1, 2, 4, 2, 2), 0),
    (layers.ZeroPadding1D, {"padding": 2}, (2, 3, 2), (2, 7, 2), 0),
    (layers.ZeroPadding2D, {"padding": (1, 2), **CF}, (1, 2, 3, 3), (1, 2, 5, 7), 0),
    (layers.ZeroPadding3D, {}, (1, 1, 2, 2, 2), (1, 3, 4, 4, 2), 0),
    (layers.Cropping1D, {"cropping": 1}, (2, 5, 2), (2, 3, 2), 0),
    (layers.Cropping2D, {"cropping": ((1, 1), (0, 2))}, (1, 4, 5, 2), (1, 2, 3, 2), 0),
    (layers.Cropping3D, {"cropping": ((0, 1), (1, 0), (1, 1))}, (1, 3, 3, 4, 2), (1, 2, 2, 2, 2), 0),
]


@pytest.mark.parametrize("cls, kwargs, in_shape, out_shape, n_weights", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_layer(cls, kwargs, in_shape, out_shape, n_weights):
    run_layer_test(cls, kwargs, in_shape, out_shape, expected_num_trainable_weights=n_weights,
                   run_train_step=n_weights > 0)


@pytest.mark.parametrize("cls", [layers.SpatialDropout1D, layers.SpatialDropout2D, layers.SpatialDropout3D])
def test_spatial_dropout_drops_whole_channels_in_training_only(cls):
    rank = {"SpatialDropout1D": 1, "SpatialDropout2D": 2, "SpatialDropout3D": 3}[cls.__name__]
    x = np.ones((4,) + (3,) * rank + (16,), "float32")
    layer = cls(0.5, seed=1)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)
    out = layer(x, training=True).numpy()
    spatial = tuple(range(1, rank + 1))
    assert np.all(out.min(axis=spatial) == out.max(axis=spatial))   # one decision per map
    assert set(np.unique(out)) == {0.0, 2.0}
    assert cls.from_config(layer.get_config()).get_config() == layer.get_config()


def test_weight_layouts_are_keras_s():
    assert layers.Conv2D(8, (3, 2), groups=2)(np.ones((1, 5, 5, 4))).shape == (1, 3, 4, 8)
    conv = layers.Conv2D(8, (3, 2), groups=2)
    conv.build((None, 5, 5, 4))
    assert [w.shape for w in conv.weights] == [(3, 2, 2, 8), (8,)]
    transpose = layers.Conv2DTranspose(5, 3)
    transpose.build((None, 4, 4, 2))
    assert transpose.kernel.shape == (3, 3, 5, 2)
    separable = layers.SeparableConv2D(6, 3, depth_multiplier=2)
    separable.build((None, 5, 5, 3))
    assert [w.name for w in separable.weights] == ["depthwise_kernel", "pointwise_kernel", "bias"]
    assert [w.shape for w in separable.weights] == [(3, 3, 3, 2), (1, 1, 6, 6), (6,)]


def test_a_convnet_saves_and_loads_as_a_keras_file(tmp_path):
    model = numkeras.Sequential([
        numkeras.Input((8, 8, 2)),
        layers.Conv2D(4, 3, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.SeparableConv2D(4, 3),
        layers.MaxPooling2D(),
        layers.Conv2DTranspose(3, 2, strides=2),
        layers.SpatialDropout2D(0.2),
        layers.GlobalAveragePooling2D(),
        layers.Dense(2),
    ])
    x = np.random.default_rng(0).standard_normal((3, 8, 8, 2)).astype("float32")
    path = tmp_path / "convnet.keras"
    model.save(path)
    loaded = numkeras.models.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert [type(l).__name__ for l in loaded.layers] == [type(l).__name__ for l in model.layers]


@pytest.mark.parametrize("axis, shape", [(-1, (4, 5, 5, 3)), (1, (4, 3, 5, 5))])
def test_batch_normalization_normalizes_each_channel_of_conv_features(axis, shape):
    x = np.random.default_rng(0).normal(2.0, 3.0, shape).astype("float32")
    out = layers.BatchNormalization(axis=axis)(x, training=True).numpy()
    reduce = tuple(a for a in range(4) if a != axis % 4)
    np.testing.assert_allclose(out.mean(axis=reduce), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=reduce), 1, atol=1e-3)
