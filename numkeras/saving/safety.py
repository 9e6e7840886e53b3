"""What safe mode refuses before any object is built from a file.

Safe mode (the default of `load_model`, `model_from_json`, ...) guarantees that
loading runs no code from the file:
- a Python lambda stored as bytecode (`"class_name": "__lambda__"`, how Keras
  saves `Lambda(lambda x: ...)`) is refused, wherever it appears;
- a `Lambda` layer may only call a function the caller vouches for: one in
  `custom_objects`, registered with `register_keras_serializable`, or a
  numkeras built-in (activations, ops). A module path in the file is never
  imported.
`safe_mode=False` (or `numkeras.config.enable_unsafe_deserialization()`) lifts
both rules, for files you trust.
"""
import inspect

LAMBDA_REFUSED = (
    "Requested the deserialization of a Python lambda. This carries a potential risk of arbitrary "
    "code execution and thus it is disallowed by default (safe_mode=True). If you trust the source "
    "of the file, pass `safe_mode=False` to the loading function, or call "
    "`numkeras.config.enable_unsafe_deserialization()`. Better: define the function with `def`, "
    "register it with @keras.saving.register_keras_serializable() and use it instead of a lambda.")

_FUNCTION_KEYS = ("function", "output_shape", "mask")


def contains_lambda(value):
    """Whether a config (any nesting of dicts and lists) holds a `__lambda__` entry."""
    if isinstance(value, dict):
        if value.get("class_name") == "__lambda__":
            return True
        return any(contains_lambda(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_lambda(v) for v in value)
    return False


def check_config_is_safe(cls, inner, custom_objects):
    """Raises ValueError when building `cls` from `inner` would run code that is not vouched for."""
    name = inner.get("name", cls.__name__) if isinstance(inner, dict) else cls.__name__
    if contains_lambda(inner):
        raise ValueError(f"Refusing to load {cls.__name__} '{name}': its config holds a Python "
                         f"lambda. {LAMBDA_REFUSED}")
    if not _is_lambda_layer(cls) or not isinstance(inner, dict):
        return
    for key in _FUNCTION_KEYS:
        value = inner.get(key)
        if isinstance(value, dict) and value.get("class_name") == "function" and \
                not _function_is_vouched_for(value, custom_objects):
            fn_name = value.get("config")
            raise ValueError(
                f"Refusing to load Lambda layer '{name}': its {key} is the function '{fn_name}' from "
                f"module {value.get('module')!r}, which is neither a numkeras built-in nor registered. "
                f"Safe mode never imports modules named in a file. Pass "
                f"custom_objects={{'{fn_name}': {fn_name}}}, register the function with "
                f"@keras.saving.register_keras_serializable(), or load with safe_mode=False if you "
                f"trust the file.")


def _is_lambda_layer(cls):
    from numkeras.layers import Lambda

    return inspect.isclass(cls) and issubclass(cls, Lambda)


def _function_is_vouched_for(config, custom_objects):
    from numkeras.saving import builtin_names

    name, registered = config.get("config"), config.get("registered_name")
    if name in custom_objects or (registered and registered in custom_objects):
        return True
    if any(key.endswith(f">{name}") for key in custom_objects):  # registered as "package>name"
        return True
    module = config.get("module") or ""
    if module.split(".")[0] not in ("keras", "numkeras"):
        return False
    if builtin_names.resolve(None, name, kind="function") is not None:
        return True
    from numkeras import ops

    return module.endswith(".ops") and inspect.isfunction(getattr(ops, str(name), None))
