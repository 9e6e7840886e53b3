"""Bad input to the convolution and pooling layers: clear errors, raised before any work."""
import numpy as np
import pytest

import numkeras
from numkeras import layers, ops


def _convnet():
    model = numkeras.Sequential([numkeras.Input((28, 28, 1)), layers.Conv2D(4, 3),
                                 layers.MaxPooling2D(), layers.Flatten(), layers.Dense(10)])
    model.compile(loss="mse", optimizer="sgd")
    return model


def test_images_without_a_channel_axis_get_the_fix_in_the_message():
    with pytest.raises(ValueError, match=r"expected ndim=4, found ndim=3.*x\[\.\.\., None\].*"
                                         r"Reshape\(\(28, 28, 1\)\)"):
        layers.Conv2D(8, 3)(np.zeros((5, 28, 28), "float32"))
    with pytest.raises(ValueError, match=r"channel axis: add one with x\[\.\.\., None\]"):
        _convnet().fit(np.zeros((4, 28, 28), "float32"), np.zeros((4, 10), "float32"), verbose=0)


def test_channels_first_data_into_a_channels_last_model_is_named():
    with pytest.raises(ValueError, match=r"channels_first.*x\.transpose\(0, 2, 3, 1\)"):
        _convnet().predict(np.zeros((2, 1, 28, 28), "float32"), verbose=0)
    conv = layers.Conv2D(4, 3)
    conv(np.zeros((1, 8, 8, 3), "float32"))
    with pytest.raises(ValueError, match=r"expected 3 channels.*looks channels_first"):
        conv(np.zeros((1, 3, 8, 8), "float32"))


def test_a_kernel_larger_than_the_input_is_refused_at_build():
    with pytest.raises(ValueError, match=r"conv2d.*kernel \(size 5.*larger than the input \(size 3"):
        numkeras.Sequential([numkeras.Input((3, 3, 1)), layers.Conv2D(2, 5, name="conv2d")])
    with pytest.raises(ValueError, match=r"pool window \(4, 4\) is larger"):
        layers.MaxPooling2D(4)(np.zeros((1, 3, 3, 1), "float32"))
    with pytest.raises(ValueError, match="larger than the padded input"):
        ops.conv(np.zeros((1, 2, 2, 1)), np.zeros((3, 3, 1, 1)))


def test_groups_must_divide_channels_and_filters():
    with pytest.raises(ValueError, match=r"5 channels must be divisible by `groups`=2"):
        layers.Conv2D(4, 3, groups=2)(np.zeros((1, 6, 6, 5), "float32"))
    with pytest.raises(ValueError, match=r"`filters`=3 must be divisible by `groups`=2"):
        layers.Conv2D(3, 3, groups=2)
    with pytest.raises(ValueError, match="not a multiple of the kernel's 2 input channels"):
        ops.conv(np.zeros((1, 4, 4, 3)), np.zeros((2, 2, 2, 4)))


def test_causal_padding_is_for_conv1d_only():
    layers.Conv1D(2, 3, padding="causal")
    with pytest.raises(ValueError, match=r"padding='causal' is only for 1-D convolutions \(Conv1D\), got it "
                                         r"on Conv2D"):
        layers.Conv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="'causal' is only for 1-D"):
        ops.conv(np.zeros((1, 4, 4, 1)), np.zeros((2, 2, 1, 1)), padding="causal")


@pytest.mark.parametrize("make", [
    lambda: layers.Conv2D(0, 3), lambda: layers.Conv2D(2, 0), lambda: layers.Conv2D(2, (3, -1)),
    lambda: layers.Conv2D(2, 3, strides=0), lambda: layers.Conv1D(2, 3, dilation_rate=0),
    lambda: layers.MaxPooling2D(0), lambda: layers.AveragePooling1D(2, strides=-1),
    lambda: layers.UpSampling2D(0), lambda: layers.Conv2DTranspose(2, 3, strides=2, output_padding=2),
    lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), lambda: layers.ZeroPadding2D(-1),
])
def test_non_positive_sizes_are_refused_at_construction(make):
    with pytest.raises(ValueError, match=r"'\w+'|must be"):
        make()


def test_strides_with_dilation_and_unknown_arguments():
    with pytest.raises(ValueError, match="strides` > 1 is not supported together with `dilation_rate"):
        layers.Conv2D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="padding` must be one of"):
        layers.MaxPooling2D(padding="full")
    with pytest.raises(ValueError, match="data_format` must be 'channels_last' or 'channels_first'"):
        layers.Conv2D(2, 3, data_format="NHWC")
    with pytest.raises(ValueError, match="leaves nothing"):
        layers.Cropping2D(2)(np.zeros((1, 4, 4, 1), "float32"))
