"""`numkeras.saving`: the Keras 3 `.keras` format, weights files, configs and the object registry.

>>> model.save("model.keras")                                   # doctest: +SKIP
>>> model = numkeras.saving.load_model("model.keras")           # doctest: +SKIP

Only NumPy is needed to import this package; h5py (`pip install numkeras[h5]`)
is imported when a file is actually written or read.
"""
from numkeras.backend.object_registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from numkeras.saving.saving_api import (
    load_model,
    load_weights,
    model_from_config,
    model_from_json,
    save_model,
    save_weights,
)
from numkeras.saving.serialization import deserialize_keras_object, serialize_keras_object

__all__ = [
    "CustomObjectScope", "custom_object_scope", "get_custom_objects", "get_registered_name",
    "get_registered_object", "register_keras_serializable", "load_model", "load_weights",
    "save_model", "save_weights", "model_from_config", "model_from_json",
    "deserialize_keras_object", "serialize_keras_object",
]
