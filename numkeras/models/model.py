"""`Model`: a Layer that trains (compile/fit/evaluate/predict come from `Trainer`).

`keras.Model(inputs, outputs)` builds a functional model; subclassing `Model`
and writing `call` gives a subclassed one.
"""
import json

from numkeras.layers.layer import Layer
from numkeras.models.trainer import Trainer


class Model(Trainer, Layer):
    """A trainable stack or graph of layers.

    Two ways to make one:
    - functional: `Model(inputs=keras.Input(...), outputs=...)`;
    - subclassing: define layers in `__init__` and the forward pass in `call`.

    Example:
    >>> class TwoLayers(Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = Dense(4, activation="relu")
    ...         self.out = Dense(1)
    ...     def call(self, x):
    ...         return self.out(self.hidden(x))
    >>> TwoLayers()(np.ones((2, 3))).shape
    (2, 1)
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            from numkeras.models.functional import Functional

            return Functional.__new__(Functional)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if type(self).__name__ == "Functional" or not (args or "inputs" in kwargs):
            Layer.__init__(self, **_layer_kwargs(kwargs, type(self).__name__))
            Trainer.__init__(self)
            return
        from numkeras.models.functional import Functional

        # `class CustomModel(keras.Model)` built as `CustomModel(inputs, outputs)`: as Keras does,
        # Functional takes Model's place among the subclass's bases, so it runs the graph and
        # keeps the subclass's own methods (train_step, metrics, ...).
        if not isinstance(self, Functional):
            _inject_functional(type(self))
        Functional.__init__(self, *args, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=True, **kwargs):  # noqa: A002
        """Not supported: a TensorFlow SavedModel needs TensorFlow graphs, which numkeras has not."""
        raise NotImplementedError("model.export() writes TensorFlow SavedModels, which numkeras cannot "
                                  "(no TensorFlow graphs); save with model.save('model.keras').")

    @property
    def layers(self):
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        """Returns a layer by `name` or by `index` (position in `model.layers`)."""
        if index is not None and name is not None:
            raise ValueError("get_layer() takes a `name` or an `index`, not both.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(f"get_layer(index={index}) is out of range: model '{self.name}' "
                                 f"has {len(layers)} layers.")
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: '{name}'. Model '{self.name}' has layers: "
                         f"{[l.name for l in layers]}.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints Keras's table of layers, output shapes and parameter counts."""
        from numkeras.models.summary import print_summary

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    # --- saving (implemented in numkeras.saving) -------------------------------------
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        from numkeras.saving import saving_api

        return saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        from numkeras.saving import saving_api

        return saving_api.save_weights(self, filepath, overwrite=overwrite, **kwargs)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        from numkeras.saving import saving_api

        return saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def get_config(self):
        if type(self).get_config is not Model.get_config:
            return super().get_config()
        # A subclassed model: its constructor arguments when they are plain values (as Keras).
        return {"name": self.name, **self._automatic_config(strict=False), "trainable": self.trainable}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds a model from its config; a functional config gives a functional model (Keras)."""
        if all(key in config for key in ("layers", "input_layers", "output_layers")):
            from numkeras.models import functional_config
            from numkeras.models.functional import Functional

            target = cls if issubclass(cls, Functional) else Functional
            return functional_config.from_config(target, config, custom_objects=custom_objects)
        from numkeras.layers.layer import _accepted_kwargs

        try:
            return cls(**_accepted_kwargs(cls, config))
        except TypeError as e:
            raise TypeError(f"Unable to revive model {cls.__name__} from config {config}: {e}. Make "
                            f"get_config() return every argument of __init__, or define a "
                            f"from_config(cls, config) classmethod.") from e

    def to_json(self, **kwargs):
        from numkeras.saving import serialization

        return json.dumps(serialization.serialize_keras_object(self), **kwargs)


def _inject_functional(cls):
    """Rewrites `cls`'s bases so that `Model` becomes `Functional` (recursively up the bases)."""
    from numkeras.models.functional import Functional

    if cls is Model:
        return Functional
    if cls is object or not issubclass(cls, Model) or issubclass(cls, Functional):
        return cls
    cls.__bases__ = tuple(_inject_functional(base) for base in cls.__bases__)
    return cls


def _layer_kwargs(kwargs, cls_name="Model"):
    allowed = ("name", "trainable", "dtype")
    unknown = set(kwargs) - set(allowed)
    if unknown:
        raise ValueError(f"Unrecognized keyword arguments passed to {cls_name}: {sorted(unknown)}. "
                         f"{cls_name}() takes name, trainable, dtype"
                         f"{' (or inputs and outputs)' if cls_name == 'Model' else ''}.")
    return {k: kwargs[k] for k in allowed if k in kwargs}
