"""Objects <-> JSON-able configs, in Keras 3's format.

Every object is written as `{"module", "class_name", "config", "registered_name"}`
(plus `"build_config"` for layers and `"compile_config"` for compiled models),
exactly as Keras writes it, so configs travel between Keras and numkeras.

Reading never imports a module named in the config and never runs code from
it: classes are looked up among numkeras's built-ins (by their Keras names),
in `custom_objects`, in the active `custom_object_scope` and among classes
registered with `register_keras_serializable`. Anything else is refused.

Example:
>>> from numkeras.layers import Dense
>>> config = serialize_keras_object(Dense(3, activation="relu"))
>>> config["module"], config["class_name"], config["config"]["units"]
('keras.layers', 'Dense', 3)
>>> deserialize_keras_object(config).units
3
"""
import inspect
import types

import numpy as np

from numkeras.backend import object_registration
from numkeras.backend.keras_only_keys import drop_keras_only_keys
from numkeras.backend.object_registration import (  # noqa: F401 - the safe mode, re-exported
    SAFE_MODE_DEFAULT,
    SafeModeScope,
    in_safe_mode,
)
from numkeras.backend.object_table import serialize_value
from numkeras.saving import builtin_names, safety

PLAIN_TYPES = (str, int, float, bool)
# --- serialize ------------------------------------------------------------------------------
def serialize_keras_object(obj):
    """A JSON-able config for `obj` (a layer, model, optimizer, loss, function, array, ...).

    Raises:
        TypeError: for an object that has no `get_config()` and no name.
    """
    if obj is None or isinstance(obj, PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(x) for x in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return serialize_dict(obj)
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start), "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    special = _serialize_array_like(obj)
    if special is not None:
        return special
    if isinstance(obj, np.dtype):
        return obj.name
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        from numkeras.layers.core.lambda_layer import serialize_function

        dumped = serialize_function(obj)["config"]
        return {"class_name": "__lambda__",
                "config": {"value": [dumped["code"], dumped["defaults"], dumped["closure"]]}}
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)) or inspect.isclass(obj):
        return _serialize_function(obj)
    return _serialize_instance(obj)


def serialize_dict(obj):
    return {key: serialize_keras_object(value) for key, value in obj.items()}


def _serialize_array_like(obj):
    from numkeras.backend.tensor import Tensor
    from numkeras.layers.input_layer import KerasTensor

    if isinstance(obj, KerasTensor):
        from numkeras.models.functional_config import keras_history

        return {"class_name": "__keras_tensor__", "config": {
            "shape": list(obj.shape), "dtype": obj.dtype, "keras_history": keras_history(obj)}}
    if isinstance(obj, Tensor):
        return {"class_name": "__tensor__", "config": {"value": obj.value.tolist(),
                                                       "dtype": obj.value.dtype.name}}
    if isinstance(obj, (np.generic, np.ndarray)):
        return serialize_value(obj)
    return None


def _serialize_function(fn):
    public = builtin_names.keras_name(fn) if inspect.isfunction(fn) else None
    if public is not None:
        return {"module": public[0], "class_name": "function", "config": public[1],
                "registered_name": public[1]}
    name = object_registration.get_registered_name(fn)
    module = getattr(fn, "__module__", None)
    return {"module": None if module == "__main__" else module, "class_name": "function",
            "config": name, "registered_name": name}


def _serialize_instance(obj):
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize {obj!r} of type {type(obj).__name__}: to be serializable, "
                        f"a class must implement get_config().")
    inner = obj.get_config()
    if not isinstance(inner, dict):
        raise TypeError(f"{type(obj).__name__}.get_config() must return a dict, got {inner!r}.")
    cls = type(obj)
    public = builtin_names.keras_name(cls)
    if public is not None:
        registered = "Functional" if public[1] == "Functional" else None
        config = {"module": public[0], "class_name": public[1], "config": serialize_dict(inner),
                  "registered_name": registered}
    else:
        module = cls.__module__
        config = {"module": None if module == "__main__" else module, "class_name": cls.__name__,
                  "config": serialize_dict(inner),
                  "registered_name": object_registration.get_registered_name(cls)}
    _add_build_and_compile_config(obj, config)
    return config


def _add_build_and_compile_config(obj, config):
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            config["build_config"] = serialize_dict(build_config)
    from numkeras.saving import compile_config

    compiled = compile_config.get_compile_config(obj)
    if compiled is not None:
        config["compile_config"] = serialize_dict(compiled)


# --- deserialize ----------------------------------------------------------------------------
def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """The object described by `config` (the inverse of `serialize_keras_object`).

    Args:
        config: a config dict, a name, or a list/dict of them.
        custom_objects: `{name: class or function}` for user classes; registered
            classes and the active `custom_object_scope` are used too.
        safe_mode: refuse configs that would run code from the file (Python
            lambdas stored as bytecode). Default True.

    Raises:
        TypeError: for a class or function that is neither built in, nor registered,
            nor in `custom_objects`.
        ValueError: in safe mode, for a Python lambda.
    """
    scoped = in_safe_mode()
    safe_mode = scoped if scoped is not None else safe_mode
    custom_objects = object_registration.active_custom_objects(custom_objects)
    if config is None or isinstance(config, PLAIN_TYPES):
        if isinstance(config, str) and config in custom_objects:
            return custom_objects[config]
        return config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects, safe_mode) for x in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config!r} (expected a dict, list or plain value).")
    if "class_name" not in config or "config" not in config:
        return {key: deserialize_keras_object(value, custom_objects, safe_mode)
                for key, value in config.items()}
    class_name = config["class_name"]
    inner = config["config"] if config["config"] is not None else {}
    special = _deserialize_special(class_name, inner, custom_objects, safe_mode)
    if special is not _NOT_SPECIAL:
        return special
    if class_name == "function":
        return _retrieve_function(config, custom_objects)
    if not isinstance(inner, (dict, list)):
        raise TypeError(f"Expected 'config' to be a dict for {class_name}, got {type(inner).__name__}. "
                        f"Full object config: {config}")
    if config.get("module") == "keras" and class_name in ("DTypePolicy", "FloatDTypePolicy"):
        return inner.get("name")
    cls = retrieve_class(config, custom_objects)
    cls, inner = _legacy_model_class(cls, inner)
    if safe_mode:
        safety.check_config_is_safe(cls, inner, custom_objects)
    inner = drop_keras_only_keys(cls, inner)
    with object_registration.CustomObjectScope(custom_objects), SafeModeScope(safe_mode):
        instance = _from_config(cls, inner, custom_objects, safe_mode, config)
        build_config = config.get("build_config")
        if build_config and not getattr(instance, "built", True):
            _build_from_config(instance, build_config)
        compile_config_ = config.get("compile_config")
        if compile_config_:
            from numkeras.saving import compile_config

            compile_config.compile_from_config(instance, compile_config_)
    return instance


def _build_from_config(instance, build_config):
    """Builds a deserialized layer; a subclassed model is built by calling it on zeros, as Keras does.

    A subclassed model's sublayers make their weights on the first call, so
    `build()` alone would leave them empty and the saved weights with nowhere to go.
    """
    from numkeras.layers import Layer
    from numkeras.models import Functional, Sequential
    from numkeras.models.trainer import Trainer

    subclassed = isinstance(instance, Trainer) and not isinstance(instance, (Sequential, Functional))
    shape = build_config.get("input_shape") if isinstance(build_config, dict) else None
    if not subclassed or type(instance).build is not Layer.build or shape is None:
        instance.build_from_config(build_config)
        return
    from numkeras.backend.tensor import no_grad

    def zeros(s):
        if isinstance(s, dict):
            return {k: zeros(v) for k, v in s.items()}
        if isinstance(s, (list, tuple)) and s and isinstance(s[0], (list, tuple, dict)):
            return [zeros(v) for v in s]
        return np.zeros(tuple(1 if d is None else d for d in s), instance.dtype)

    with no_grad():
        instance(zeros(shape), training=False)
    from numkeras.layers.structures import _tuple_shape

    instance._build_shapes = _tuple_shape(shape)


_NOT_SPECIAL = object()


def _deserialize_special(class_name, inner, custom_objects, safe_mode):
    if class_name == "__keras_tensor__":
        from numkeras.models.functional_config import RevivedKerasTensor

        return RevivedKerasTensor(inner["shape"], inner["dtype"], inner.get("keras_history"))
    if class_name in ("__tensor__", "__numpy__"):
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(*(deserialize_keras_object(inner[k], custom_objects, safe_mode)
                       for k in ("start", "stop", "step")))
    if class_name == "__lambda__":
        if safe_mode:
            raise ValueError(safety.LAMBDA_REFUSED)
        from numkeras.layers.core.lambda_layer import deserialize_function

        code, defaults, closure = inner["value"]
        return deserialize_function({"class_name": "__lambda__", "config": {
            "code": code, "defaults": defaults, "closure": closure}}, custom_objects, safe_mode=False)
    if class_name == "__typespec__":
        raise TypeError("Cannot deserialize a TensorFlow TypeSpec: numkeras has no TensorFlow types.")
    return _NOT_SPECIAL


def _from_config(cls, inner, custom_objects, safe_mode, full_config):
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Unable to reconstruct an instance of '{cls.__name__}' because the class "
                        f"is missing a from_config() method. Full object config: {full_config}")
    params = inspect.signature(cls.from_config).parameters
    extra = {}
    if "custom_objects" in params:
        extra["custom_objects"] = object_registration.with_plain_names(custom_objects)
    if "safe_mode" in params:
        extra["safe_mode"] = safe_mode
    try:
        return cls.from_config(dict(inner), **extra)
    except TypeError as error:
        raise TypeError(f"{cls.__name__} could not be deserialized properly. Make sure that the "
                        f"Python objects (layers, models, ...) returned by get_config() are "
                        f"deserialized explicitly in from_config().\n\nconfig={full_config}\n\n"
                        f"Exception encountered: {error}") from error


def _legacy_model_class(cls, inner):
    """Keras 2 names functional models "Model" and may store a Sequential's layers as a bare list."""
    from numkeras.models import Functional, Model, Sequential

    if cls is Model and "input_layers" in inner:
        return Functional, inner
    if cls is Sequential and isinstance(inner, list):
        return cls, {"layers": inner}
    return cls, inner


def retrieve_class(config, custom_objects):
    """The class a config names: custom objects and registered names first, then built-ins."""
    class_name = config["class_name"]
    registered = config.get("registered_name") or class_name
    for name in (registered, class_name):
        found = custom_objects.get(name)
        if found is not None:
            return found
    found = builtin_names.resolve(config.get("module"), class_name)
    if found is not None:
        return found
    raise TypeError(
        f"Could not locate class '{class_name}' (module {config.get('module')!r}, registered name "
        f"{config.get('registered_name')!r}). numkeras never imports modules named in a file: "
        f"decorate the class with @keras.saving.register_keras_serializable() and import it "
        f"before loading, or pass custom_objects={{'{registered}': {class_name}}}.")


def _retrieve_function(config, custom_objects):
    name = config["config"]
    if not isinstance(name, str):
        raise TypeError(f"Expected 'config' to be a function name for a function config, got "
                        f"{name!r}. Full object config: {config}")
    for key in (name, config.get("registered_name")):
        if key and key in custom_objects:
            return custom_objects[key]
    module = config.get("module")
    if module is None or module == "builtins" or module.split(".")[0] in ("keras", "numkeras"):
        keras_module = "keras" + module[len("numkeras"):] if module and module.startswith("numkeras") else module
        found = builtin_names.resolve(keras_module, name, kind="function")
        if found is not None:
            return found
    raise TypeError(
        f"Could not locate function '{name}' (module {module!r}). Register it with "
        f"@keras.saving.register_keras_serializable() or pass custom_objects={{'{name}': {name}}}.")


object_registration.register_serializer(serialize_keras_object, deserialize_keras_object)
