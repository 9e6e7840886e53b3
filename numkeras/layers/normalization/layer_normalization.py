"""LayerNormalization: normalize each sample over its feature axes."""
from numkeras import constraints, initializers, regularizers
from numkeras.backend import layer_ops, math_ops
from numkeras.layers.argument_checks import check_axes, check_number, normalize_axes
from numkeras.layers.layer import Layer
from numkeras.layers.normalization.affine_params import add_affine_weights, set_affine_options


class LayerNormalization(Layer):
    """`gamma * (x - mean) / sqrt(variance + epsilon) + beta`, statistics of each sample over `axis`.

    Same in training and inference (no batch statistics, no state).

    Args:
        axis: int or list of ints, the axes to normalize over (default -1); `gamma` and
            `beta` span them.
        epsilon: float added to the variance (default 1e-3).
        center, scale: whether to learn `beta` / `gamma`.
        rms_scaling: if True, ignore `center` and `scale` and return
            `x * gamma / sqrt(variance + epsilon)` (Keras's definition: the variance, not the mean
            square).
        beta_initializer, gamma_initializer: default "zeros", "ones".
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint: optional.

    Example:
    >>> LayerNormalization(epsilon=0.0)(np.array([[1.0, 3.0]])).numpy().tolist()
    [[-1.0, 1.0]]
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.axis = list(check_axes(axis, "axis", self)) if isinstance(axis, (list, tuple)) \
            else check_axes(axis, "axis", self)[0]
        self.epsilon = check_number(epsilon, "epsilon", self, 0.0)
        self.rms_scaling = bool(rms_scaling)
        set_affine_options(self, center, scale, beta_initializer, gamma_initializer,
                           beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint)

    def build(self, input_shape):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        self._axes = normalize_axes(axes, len(input_shape), "axis", self)
        self._input_ndim = len(input_shape)
        shape = tuple(input_shape[d] for d in self._axes)
        if any(d is None for d in shape):
            raise ValueError(f"LayerNormalization '{self.name}' needs known sizes on axis={self.axis}, "
                             f"got input shape {tuple(input_shape)}.")
        add_affine_weights(self, shape, gamma=self.scale or self.rms_scaling,
                           beta=self.center and not self.rms_scaling)
        self.built = True

    def call(self, inputs):
        if inputs.ndim != self._input_ndim:
            raise ValueError(f"LayerNormalization '{self.name}' was built for inputs of rank "
                             f"{self._input_ndim}, got shape {tuple(inputs.shape)}.")
        if inputs.dtype != self.dtype:
            inputs = math_ops.cast(inputs, self.dtype)
        if self.rms_scaling:
            return self._rms_scale(inputs)
        return layer_ops.normalize_affine(inputs, self.gamma, self.beta, reduction_axes=self._axes,
                                          param_axes=self._axes, epsilon=self.epsilon)

    def _rms_scale(self, inputs):
        mean = math_ops.mean(inputs, axis=self._axes, keepdims=True)
        variance = math_ops.mean(math_ops.square(math_ops.subtract(inputs, mean)), axis=self._axes,
                                 keepdims=True)
        inv = math_ops.divide(1.0, math_ops.sqrt(math_ops.add(variance, self.epsilon)))
        shape = tuple(inputs.shape[d] if d in self._axes else 1 for d in range(inputs.ndim))
        return math_ops.multiply(math_ops.multiply(inputs, inv), math_ops.reshape(self.gamma, shape))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
