"""A model's `compile()` arguments as Keras stores them (`"compile_config"` in config.json).

Saving records the optimizer object (with its current settings), the loss and
the metrics as they were passed; loading calls `compile()` with them and builds
the optimizer's slots, so that its saved state can be read into them.

Example:
>>> model.compile(optimizer="adam", loss="mse")          # doctest: +SKIP
>>> get_compile_config(model)["optimizer"]["class_name"]  # doctest: +SKIP
'Adam'
"""
import warnings

_COMPILE_KEYS = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly",
                 "steps_per_execution", "jit_compile", "auto_scale_loss")


def _trainer_class():
    from numkeras.models.trainer import Trainer

    return Trainer


def get_compile_config(obj):
    """The compile arguments of a compiled model (None when it is not a compiled model)."""
    Trainer = _trainer_class()
    own = getattr(type(obj), "get_compile_config", None)
    if own is not None:
        return obj.get_compile_config()
    if not isinstance(obj, Trainer) or not getattr(obj, "compiled", False):
        return None
    stored = dict(getattr(obj, "_compile_config", None) or {})
    from numkeras.saving.serialization import serialize_keras_object

    config = {
        "optimizer": serialize_keras_object(obj.optimizer),
        "loss": serialize_keras_object(stored.get("loss")),
        "loss_weights": serialize_keras_object(stored.get("loss_weights")),
        "metrics": serialize_keras_object(stored.get("metrics")),
        "weighted_metrics": serialize_keras_object(stored.get("weighted_metrics")),
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": stored.get("jit_compile", "auto"),
    }
    return config


def compile_from_config(model, config):
    """Compiles `model` from a stored compile config.

    A model whose class overrides `compile()` is left uncompiled with a warning
    (its `compile` may take other arguments), as Keras does.
    """
    own = getattr(type(model), "compile_from_config", None)
    if own is not None:
        return model.compile_from_config(config)
    Trainer = _trainer_class()
    if not isinstance(model, Trainer):
        return None
    if type(model).compile is not Trainer.compile:
        warnings.warn(f"`compile()` was not called as part of model loading because the model's "
                      f"`compile()` method is custom. Call `model.compile()` yourself after loading "
                      f"(model '{model.name}').", stacklevel=3)
        return None
    from numkeras.saving.serialization import deserialize_keras_object

    config = deserialize_keras_object(config)
    # The optimizer's slots are built by the loader only when the file holds them (saving_lib).
    model.compile(**{key: value for key, value in config.items() if key in _COMPILE_KEYS})
    return None
