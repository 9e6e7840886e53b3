"""BatchNormalization: normalize by batch statistics in training, by their moving averages after."""
import numpy as np

from numkeras import constraints, initializers, regularizers
from numkeras.backend import layer_ops, math_ops
from numkeras.layers.argument_checks import check_int, check_number, normalize_axes
from numkeras.layers.layer import Layer
from numkeras.layers.normalization.affine_params import add_affine_weights, set_affine_options


class BatchNormalization(Layer):
    """`gamma * (x - mean) / sqrt(variance + epsilon) + beta`, per index of `axis`.

    With `training=True` (inside `fit`) the mean and variance are the batch's own, over every
    axis but `axis`, and the moving statistics are updated:
    `moving = moving * momentum + batch * (1 - momentum)`. Otherwise (predict, evaluate)
    the moving statistics are used. A frozen layer (`trainable=False`) always runs in
    inference mode, as in Keras.

    Args:
        axis: int, the features axis (default -1).
        momentum: float, momentum of the moving averages (default 0.99).
        epsilon: float added to the variance (default 1e-3).
        center, scale: whether to learn the offset `beta` / the factor `gamma`.
        beta_initializer, gamma_initializer: default "zeros", "ones".
        moving_mean_initializer, moving_variance_initializer: default "zeros", "ones".
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint: optional.
        synchronized: accepted for compatibility (one device: nothing to synchronize).
        renorm, renorm_clipping, renorm_momentum: batch renormalization (Keras 3.15); only
            `renorm=False` is supported.

    Weights, in `layer.weights` order: gamma, beta (trainable), moving_mean, moving_variance.

    Example:
    >>> layer = BatchNormalization(momentum=0.5, epsilon=0.0)
    >>> layer(np.array([[1.0], [3.0]]), training=True).numpy().tolist()   # batch mean 2, variance 1
    [[-1.0], [1.0]]
    >>> layer.moving_mean.numpy().tolist(), layer.moving_variance.numpy().tolist()  # 0*.5+2*.5, 1*.5+1*.5
    ([1.0], [1.0])
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, synchronized=False, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, **kwargs):
        for keras2_option in ("fused", "virtual_batch_size", "adjustment"):
            if kwargs.pop(keras2_option, None) not in (None, False):
                raise NotImplementedError(f"BatchNormalization: `{keras2_option}` (a Keras 2 option) "
                                          f"is not supported.")
        super().__init__(**kwargs)
        if renorm:
            raise NotImplementedError(f"BatchNormalization '{self.name}': batch renormalization "
                                      f"(renorm=True) is not implemented; use renorm=False.")
        self.renorm = False
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = check_number(renorm_momentum, "renorm_momentum", self, 0.0, 1.0)
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]  # Keras 2 configs store the axis as a one-element list
        self.axis = check_int(axis, "axis", self)
        self.momentum = check_number(momentum, "momentum", self, 0.0, 1.0)
        self.epsilon = check_number(epsilon, "epsilon", self, 0.0)
        self.synchronized = bool(synchronized)
        set_affine_options(self, center, scale, beta_initializer, gamma_initializer,
                           beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)

    def build(self, input_shape):
        ndim = len(input_shape)
        (feature_axis,) = normalize_axes((self.axis,), ndim, "axis", self)
        size = input_shape[feature_axis]
        if size is None:
            raise ValueError(f"BatchNormalization '{self.name}' needs a known size on axis "
                             f"{self.axis}, got input shape {tuple(input_shape)}.")
        self._feature_axis = feature_axis
        self._reduction_axes = tuple(d for d in range(ndim) if d != feature_axis)
        self._input_ndim = ndim
        shape = (size,)
        add_affine_weights(self, shape, gamma=self.scale, beta=self.center)
        self.moving_mean = self.add_weight(shape=shape, initializer=self.moving_mean_initializer,
                                           trainable=False, name="moving_mean")
        self.moving_variance = self.add_weight(shape=shape,
                                               initializer=self.moving_variance_initializer,
                                               trainable=False, name="moving_variance")
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if inputs.ndim != self._input_ndim:
            raise ValueError(f"BatchNormalization '{self.name}' was built for inputs of rank "
                             f"{self._input_ndim}, got shape {tuple(inputs.shape)}.")
        if inputs.dtype != np.dtype(self.dtype):
            inputs = math_ops.cast(inputs, self.dtype)
        if not (training and self.trainable):
            return self._normalize_with(inputs, self.moving_mean.value, self.moving_variance.value)
        if mask is not None:
            return self._train_masked(inputs, mask)
        x = inputs.value
        mean = np.mean(x, axis=self._reduction_axes, keepdims=True)
        centred = x - mean
        variance = np.mean(centred * centred, axis=self._reduction_axes, keepdims=True)
        self._update_moving(mean.reshape(-1), variance.reshape(-1))
        return layer_ops.normalize_affine(
            inputs, self.gamma, self.beta, reduction_axes=self._reduction_axes,
            param_axes=(self._feature_axis,), epsilon=self.epsilon, mean=mean, variance=variance)

    def _update_moving(self, mean, variance):
        keep = self.momentum
        self.moving_mean.assign(self.moving_mean.value * keep + mean * (1.0 - keep))
        self.moving_variance.assign(self.moving_variance.value * keep + variance * (1.0 - keep))

    def _broadcast(self, value):
        shape = [1] * self._input_ndim
        shape[self._feature_axis] = -1
        return math_ops.reshape(value, tuple(shape))

    def _normalize_with(self, inputs, mean, variance):
        inv = (1.0 / np.sqrt(variance + self.epsilon)).astype(self.dtype)
        return self._scale_and_shift(inputs, mean, inv)

    def _scale_and_shift(self, inputs, mean, inv):
        """`inputs * scale + shift`, `scale = gamma * inv`, `shift = beta - mean * scale` (Keras's form)."""
        scale = inv if self.gamma is None else math_ops.multiply(self.gamma, inv)
        shift = math_ops.negative(math_ops.multiply(mean, scale))
        if self.beta is not None:
            shift = math_ops.add(shift, self.beta)
        return math_ops.add(math_ops.multiply(inputs, self._broadcast(scale)), self._broadcast(shift))

    def _train_masked(self, inputs, mask):
        """Batch statistics over the unmasked positions only (mask has one axis less)."""
        mask = np.asarray(getattr(mask, "value", mask))
        if mask.ndim != inputs.ndim - 1:
            raise ValueError(f"BatchNormalization '{self.name}': the mask must have one axis less "
                             f"than the inputs, got mask shape {mask.shape} for inputs "
                             f"{tuple(inputs.shape)}.")
        weights = mask.astype(self.dtype)[..., None]
        axes = self._reduction_axes
        total = np.sum(weights, axis=axes, keepdims=True) + 1e-7
        mean = math_ops.divide(math_ops.sum(math_ops.multiply(inputs, weights), axis=axes,
                                            keepdims=True), total)
        deviation = math_ops.subtract(math_ops.multiply(inputs, weights), mean)
        variance = math_ops.divide(math_ops.sum(math_ops.multiply(math_ops.square(deviation), weights),
                                                axis=axes, keepdims=True), total)
        mean, variance = math_ops.reshape(mean, (-1,)), math_ops.reshape(variance, (-1,))
        self._update_moving(mean.value, variance.value)
        inv = math_ops.divide(1.0, math_ops.sqrt(math_ops.add(variance, self.epsilon)))
        return self._scale_and_shift(inputs, mean, inv)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }
