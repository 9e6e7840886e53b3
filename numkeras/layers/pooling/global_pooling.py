"""GlobalMax/GlobalAveragePooling1D/2D/3D: one value per channel over all spatial positions."""
from numkeras.backend import conv_api, math_ops
from numkeras.layers.convolutional.base_conv import check_image_input, who
from numkeras.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Max or mean over every spatial axis.

    Args:
        data_format: "channels_last" (default) or "channels_first".
        keepdims: keep the spatial axes with size 1 (default False: output (batch, channels)).
    """

    rank = 2
    mode = "max"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = conv_api.standardize_data_format(data_format, who(self))
        self.keepdims = bool(keepdims)

    def _axes(self):
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def build(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        self.built = True

    def call(self, inputs):
        check_image_input(self, inputs.shape, self.rank)
        reduce = math_ops.max if self.mode == "max" else math_ops.mean
        return reduce(inputs, axis=self._axes(), keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        check_image_input(self, input_shape, self.rank)
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else s for i, s in enumerate(input_shape))
        return tuple(s for i, s in enumerate(input_shape) if i not in axes)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


def _global(name, rank, mode, example):
    doc = (f"Global {mode} pooling over the {rank} spatial axis(es) (arguments: data_format, "
           f"keepdims).\n\n    >>> {example}\n")
    return type(name, (BaseGlobalPooling,), {"rank": rank, "mode": mode, "__doc__": doc,
                                             "__module__": __name__})


GlobalMaxPooling1D = _global("GlobalMaxPooling1D", 1, "max",
                             "GlobalMaxPooling1D()(np.ones((2, 5, 3))).shape\n    (2, 3)")
GlobalMaxPooling2D = _global("GlobalMaxPooling2D", 2, "max",
                             "GlobalMaxPooling2D(keepdims=True)(np.ones((2, 4, 4, 3))).shape\n"
                             "    (2, 1, 1, 3)")
GlobalMaxPooling3D = _global("GlobalMaxPooling3D", 3, "max",
                             "GlobalMaxPooling3D()(np.ones((2, 2, 2, 2, 3))).shape\n    (2, 3)")
GlobalAveragePooling1D = _global("GlobalAveragePooling1D", 1, "average",
                                 "GlobalAveragePooling1D()(np.ones((2, 5, 3))).shape\n    (2, 3)")
GlobalAveragePooling2D = _global("GlobalAveragePooling2D", 2, "average",
                                 "GlobalAveragePooling2D()(np.ones((2, 4, 4, 3))).shape\n    (2, 3)")
GlobalAveragePooling3D = _global("GlobalAveragePooling3D", 3, "average",
                                 "GlobalAveragePooling3D()(np.ones((2, 2, 2, 2, 3))).shape\n    (2, 3)")
