"""TimeDistributed: applies a layer to every timestep of a sequence."""
from numkeras import ops
from numkeras.backend.object_registration import deserialize_object, serialize_object
from numkeras.layers.layer import Layer


class TimeDistributed(Layer):
    """Applies `layer` to each slice `inputs[:, t]` (one weight set for every timestep).

    Layers that treat samples independently (Dense, Conv, Embedding...) run once on the
    (batch * timesteps, ...) reshaped input; a layer with moving statistics (BatchNormalization)
    in training runs once per timestep, as in Keras, so its statistics are per step.

    Example:
    >>> from numkeras.layers import Dense
    >>> TimeDistributed(Dense(8))(np.ones((32, 10, 16), "float32")).shape
    (32, 10, 8)
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"TimeDistributed: `layer` must be a keras.layers.Layer instance; "
                             f"got {layer!r}.")
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _check(self, shape):
        if len(shape) < 3:
            raise ValueError(f"TimeDistributed '{self.name}' expects inputs of rank 3 or more "
                             f"(batch, timesteps, ...); got shape {tuple(shape)}.")

    def build(self, input_shape):
        self._check(input_shape)
        self.layer._maybe_build((input_shape[0],) + tuple(input_shape[2:]))
        self.built = True

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((input_shape[0],) + tuple(input_shape[2:]))
        return (inner[0], input_shape[1]) + tuple(inner[1:])

    def call(self, inputs, training=None, mask=None):
        self._check(inputs.shape)
        batch, steps = inputs.shape[0], inputs.shape[1]
        kwargs = {"training": training} if self.layer._call_accepts["training"] else {}
        stateful = any(not v.trainable for v in self.layer.variables)
        if training and stateful:
            outputs = [self.layer(inputs[:, t], **kwargs) for t in range(steps)]
            return ops.stack(outputs, axis=1)
        if mask is not None and self.layer._call_accepts["mask"]:
            kwargs["mask"] = ops.reshape(mask, (batch * steps,) + tuple(mask.shape[2:]))
        flat = ops.reshape(inputs, (batch * steps,) + tuple(inputs.shape[2:]))
        out = self.layer(flat, **kwargs)
        return ops.reshape(out, (batch, steps) + tuple(out.shape[1:]))

    def get_config(self):
        return {**super().get_config(), "layer": serialize_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["layer"] = deserialize_object(config["layer"], custom_objects)
        return cls(**config)
