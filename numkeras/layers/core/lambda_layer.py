"""Lambda: wraps an arbitrary function of tensors as a layer.

Its config stores the function's bytecode when the function is a Python lambda, as
Keras does; loading that runs code from the file, so `from_config` refuses it unless
`safe_mode=False` is passed.
"""
import base64
import importlib
import inspect
import marshal
import sys
import types

import numpy as np

from numkeras.backend import object_registration
from numkeras.backend.tensor import no_grad
from numkeras.layers.layer import Layer
from numkeras.layers.structures import _map_outputs, _map_shapes, dummy_inputs

LAMBDA_CLASS_NAME = "__lambda__"


class Lambda(Layer):
    """Applies `function(inputs, **arguments)`; for stateless one-off expressions.

    Args:
        function: callable taking the input tensor(s) (and `mask`/`training` if it names them).
        output_shape: shape without the batch axis, or a callable `input_shape -> output_shape`;
            None infers it by running `function` on zeros.
        mask: a mask, or a callable `(inputs, mask) -> mask`, returned by `compute_mask`.
        arguments: dict of extra keyword arguments for `function`.

    Example:
    >>> Lambda(lambda x: x * 2.0)(np.array([[1.0, 2.0]])).numpy().tolist()
    [[2.0, 4.0]]
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"Lambda '{self.name}': `function` must be callable, got "
                            f"{type(function).__name__}.")
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        if output_shape is not None and not callable(output_shape):
            output_shape = _as_shape(output_shape)
        self._output_shape = output_shape
        try:
            params = inspect.signature(function).parameters
        except (TypeError, ValueError):  # some builtins have no signature
            params = {}
        self._fn_expects_training = "training" in params
        self._fn_expects_mask = "mask" in params

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask:
            kwargs["mask"] = mask
        if self._fn_expects_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return self._infer_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        first = input_shape[0] if isinstance(input_shape, list) else input_shape
        batch = first[0] if first else None
        return _map_shapes(self._output_shape, lambda s: (batch,) + tuple(s))

    def _infer_output_shape(self, input_shape):
        try:
            with no_grad():
                out = self.call(dummy_inputs(input_shape, self.dtype))
        except Exception as error:
            raise NotImplementedError(f"Lambda '{self.name}' could not infer its output shape by "
                                      f"running its function on zeros ({error}); pass "
                                      f"`output_shape`.") from error
        return _map_outputs(out, lambda t: (None,) + tuple(np.shape(t)[1:]))

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def get_config(self):
        config = {**super().get_config(), "function": serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (serialize_function(self._output_shape)
                                      if callable(self._output_shape) else list(self._output_shape))
        if self.mask is not None:
            config["mask"] = serialize_function(self.mask) if callable(self.mask) else self.mask
        config["arguments"] = dict(self.arguments)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuilds a Lambda; a function stored as bytecode needs safe mode off.

        Args:
            safe_mode: False allows bytecode; None (default) follows the enclosing
                `SafeModeScope` / `enable_unsafe_deserialization()`, and is safe otherwise.

        Raises:
            ValueError: in safe mode, for a config holding a Python lambda's bytecode.
        """
        if safe_mode is None:
            safe_mode = _ambient_safe_mode()
        config = dict(config)
        config["function"] = deserialize_function(config["function"], custom_objects, safe_mode)
        for key in ("output_shape", "mask"):
            value = config.get(key)
            if isinstance(value, dict):
                config[key] = deserialize_function(value, custom_objects, safe_mode)
        return cls(**config)


def _ambient_safe_mode():
    """The safe mode of the enclosing deserialization, safe when nothing says otherwise."""
    return object_registration.in_safe_mode() is not False


def _as_shape(shape):
    if isinstance(shape, int):
        return (shape,)
    shape = tuple(shape)
    if shape and all(isinstance(s, (list, tuple)) for s in shape):
        return [tuple(s) for s in shape]
    return shape


def is_unsafe_config(config):
    """True when a Lambda config holds bytecode (loading it would run code from the file)."""
    return any(isinstance(config.get(key), dict) and config[key].get("class_name") == LAMBDA_CLASS_NAME
               for key in ("function", "output_shape", "mask"))


def serialize_function(fn):
    """A JSON-able dict for `fn`: bytecode for a Python lambda, a module path otherwise."""
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        closure = None
        if fn.__closure__:
            closure = [cell.cell_contents for cell in fn.__closure__]
        return {"class_name": LAMBDA_CLASS_NAME,
                "config": {"code": base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii"),
                           "defaults": list(fn.__defaults__) if fn.__defaults__ else None,
                           "closure": closure}}
    name = getattr(fn, "__name__", None)
    if name is None:
        raise ValueError(f"Lambda: cannot serialize {fn!r} (it has no name); use a function "
                         f"defined with `def` or a lambda.")
    return {"module": getattr(fn, "__module__", None), "class_name": "function", "config": name,
            "registered_name": "function"}


def _lambda_globals(custom_objects):
    """Names a stored lambda may use: NumPy and numkeras (also as `keras`), plus custom objects."""
    from numkeras import ops

    numkeras = sys.modules["numkeras"]  # the package is loaded before any of its layers
    names = {"np": np, "numpy": np, "numkeras": numkeras, "keras": numkeras, "ops": ops,
             "__builtins__": __builtins__}
    names.update(custom_objects or {})
    return names


def deserialize_function(config, custom_objects=None, safe_mode=True):
    """The inverse of `serialize_function`; bytecode only when `safe_mode` is False."""
    if callable(config):
        return config
    if not isinstance(config, dict):
        raise TypeError(f"Lambda: cannot deserialize a function from {config!r}.")
    if config.get("class_name") == LAMBDA_CLASS_NAME:
        if safe_mode:
            raise ValueError("Requested the deserialization of a Lambda layer whose function is a "
                             "Python lambda stored as bytecode: loading it runs arbitrary code, so "
                             "safe mode refuses it. If you trust the file, load it with "
                             "safe_mode=False.")
        inner = config["config"]
        code = marshal.loads(base64.b64decode(inner["code"]))
        closure = inner.get("closure")
        cells = tuple(types.CellType(value) for value in closure) if closure else None
        defaults = tuple(inner["defaults"]) if inner.get("defaults") else None
        return types.FunctionType(code, _lambda_globals(custom_objects), code.co_name, defaults,
                                  cells)
    name, module = config.get("config"), config.get("module")
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module and (not safe_mode or module.split(".")[0] in ("numkeras", "keras", "numpy")):
        module = "numkeras" + module[len("keras"):] if module.split(".")[0] == "keras" else module
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            pass
    raise ValueError(f"Lambda: could not find the function '{name}' (module {module!r}); pass it in "
                     f"custom_objects={{'{name}': {name}}}.")
