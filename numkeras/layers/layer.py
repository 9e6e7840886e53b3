"""`Layer`: the base class of every layer and model.

The Keras contract: `__init__` stores the configuration, `build(input_shape)`
creates the weights with `add_weight`, `call(inputs, training=None)` does the
math with `numkeras.ops`. Gradients come from the engine: no backward code.
"""
import inspect
import re
import warnings

import numpy as np

from numkeras.backend import config, register_clear_session_hook
from numkeras.backend.tensor import Variable
from numkeras.layers.structures import (
    _attach_masks,
    _batch_size,
    _contains_symbolic,
    _jsonable_shape,
    _map_outputs,
    _masks_of,
    _shapes_of,
    _to_tensors,
    _tuple_shape,
    dummy_inputs,
)

_NAME_COUNTS = {}
# Bumped whenever a layer is frozen or unfrozen, so trainers know their cached list of
# trainable variables is stale (train_on_batch checks it on every call).
TRAINABLE_CHANGES = [0]


def to_snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()  # as Keras: Conv2D -> conv2d


def unique_name(base):
    """`dense`, then `dense_1`, `dense_2`, ... per base name for the session."""
    count = _NAME_COUNTS.get(base, 0)
    _NAME_COUNTS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def reset_names():
    _NAME_COUNTS.clear()


register_clear_session_hook(reset_names)


class _CallContext:
    """The `training` flag of the outermost call, inherited by nested layer calls."""

    __slots__ = ("training",)

    def __init__(self):
        self.training = None


CALL_CONTEXT = _CallContext()

_AUTO_CONFIG_TYPES = (str, int, float, bool, type(None))
_INIT_PARAMS = {}  # class -> its __init__'s parameters, for the automatic config
_BASE_INIT_ARGS = {"self", "name", "dtype", "trainable", "activity_regularizer", "autocast", "kwargs",
                   "input_shape", "input_dim", "batch_input_shape", "batch_size", "input_length"}


def _init_params(cls):
    params = _INIT_PARAMS.get(cls)
    if params is None:
        try:
            params = dict(inspect.signature(cls.__init__).parameters)
        except (TypeError, ValueError):
            params = {}
        _INIT_PARAMS[cls] = params
    return params


def _accepted_kwargs(cls, config):
    """`config` less the keys `cls.__init__` cannot take (when it has no `**kwargs`)."""
    params = _init_params(cls)
    if params and not any(p.kind == p.VAR_KEYWORD for p in params.values()):
        return {k: v for k, v in config.items() if k in params}
    return config


def _serializable(value):
    if isinstance(value, _AUTO_CONFIG_TYPES):
        return True
    if isinstance(value, (list, tuple)):
        return all(_serializable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _serializable(v) for k, v in value.items())
    return False


def _auto_config(cls, args, kwargs):
    """The constructor arguments, when they are plain Python values (Keras's `_auto_config`)."""
    if not args and not kwargs:
        return {}
    params = _init_params(cls)
    positional = [n for n, p in params.items()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][1:]
    if len(args) > len(positional):
        return None
    config = dict(zip(positional, args))
    config.update(kwargs)
    return config if _serializable(config) else None


class Layer:
    """Base class of layers: weights, config, call and build bookkeeping.

    Args:
        trainable: whether the layer's weights are updated in training.
        name: the layer's name (default: snake-case class name, made unique).
        dtype: the layer's float type (default `floatx()`).
        activity_regularizer: optional penalty on the layer's output.

    Example:
    >>> class Double(Layer):
    ...     def call(self, x):
    ...         return x * 2.0
    >>> Double()(np.ones((1, 2), "float32")).numpy().tolist()
    [[2.0, 2.0]]
    """

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        # What get_config() returns for a custom layer that does not write one (as Keras does).
        object.__setattr__(instance, "_auto_config", _auto_config(cls, args, kwargs))
        return instance

    def __init__(self, *, trainable=True, name=None, dtype=None, activity_regularizer=None,
                 autocast=True, **kwargs):
        object.__setattr__(self, "_tracking", False)
        input_shape = self._pop_input_shape(kwargs)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                             f"{kwargs}")
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        if isinstance(dtype, dict):  # a serialized dtype policy
            dtype = dtype.get("config", {}).get("name")
        self._dtype = config.standardize_dtype(dtype)
        self._trainable = bool(trainable)
        self.built = False
        self.supports_masking = False
        self._layers = []
        self._variables = []
        self._nontrainable_ids = set()  # variables created non-trainable: unfreezing keeps them so
        self._own_losses = []
        self._input_shape_arg = input_shape
        self._build_shapes = None
        self._inbound_nodes = []
        self._call_accepts = self._call_signature()
        from numkeras import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        object.__setattr__(self, "_tracking", True)

    # --- construction helpers ----------------------------------------------------
    def _pop_input_shape(self, kwargs):
        """Accepts Keras 2's `input_shape`/`input_dim`/`batch_input_shape` on the first layer."""
        shape = None
        if "input_shape" in kwargs:
            value = kwargs.pop("input_shape")
            shape = None if value is None else tuple(value) if isinstance(value, (list, tuple)) else (value,)
        if "batch_input_shape" in kwargs:
            value = kwargs.pop("batch_input_shape")
            shape = tuple(value)[1:] if value is not None else None
        if "input_dim" in kwargs:
            value = kwargs.pop("input_dim")
            if value is not None:
                warnings.warn(f"`input_dim` is a Keras 2 argument of {type(self).__name__}; use "
                              f"`input_shape=({value},)` or `keras.Input(shape=({value},))`.",
                              DeprecationWarning, stacklevel=4)
                shape = (int(value),)
        kwargs.pop("batch_size", None)
        return shape

    def _call_signature(self):
        params = inspect.signature(self.call).parameters
        return {
            "training": "training" in params,
            "mask": "mask" in params,
            "varargs": any(p.kind == p.VAR_KEYWORD for p in params.values()),
        }

    def __setattr__(self, name, value):
        # Track sublayers and weights assigned as attributes, as Keras does.
        if self.__dict__.get("_tracking", False) and not name.startswith("_"):
            self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value):
        if isinstance(value, Layer):
            if value is not self and not any(value is l for l in self._layers):
                self._layers.append(value)
        elif isinstance(value, Variable):
            if not any(value is v for v in self._variables):
                self._variables.append(value)
                if not value.trainable:
                    self._nontrainable_ids.add(id(value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, (Layer, Variable)):
                    self._track(item)

    # --- weights -------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none", name=None,
                   overwrite_with_gradient=False):
        """Creates a weight, tracks it, and returns it.

        Args:
            shape: the weight's shape (default: a scalar).
            initializer: name, Initializer or callable (default: glorot_uniform for floats, zeros else).
            dtype: default the layer's dtype.
            trainable: whether the optimizer updates it.
            regularizer: name or Regularizer; its penalty joins `layer.losses`.
            constraint: name or Constraint, applied after each optimizer update.
            name: the weight's name, e.g. "kernel".
        """
        from numkeras import constraints, initializers, regularizers

        dtype = config.standardize_dtype(dtype or self._dtype)
        shape = () if shape is None else tuple(int(d) for d in shape)
        if initializer is None:
            initializer = "glorot_uniform" if np.dtype(dtype).kind == "f" else "zeros"
        variable = Variable(
            initializers.get(initializer), shape=shape, dtype=dtype, trainable=trainable and self._trainable,
            name=name or "variable", constraint=constraints.get(constraint),
            regularizer=regularizers.get(regularizer), aggregation=aggregation,
            path=f"{self.name}/{name or 'variable'}")
        self._variables.append(variable)
        if not trainable:
            self._nontrainable_ids.add(id(variable))
        return variable

    def _own_variables_in_order(self):
        """This layer's own variables as Keras orders them: created trainable, then the others."""
        fixed = self._nontrainable_ids
        if not fixed:
            return list(self._variables)
        return [v for v in self._variables if id(v) not in fixed] + \
            [v for v in self._variables if id(v) in fixed]

    @property
    def variables(self):
        """All variables, layer by layer: own ones (trainable first), then each sublayer's."""
        seen, out = set(), []
        for v in self._own_variables_in_order() + [v for layer in self._layers for v in layer.variables]:
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
        return out

    @property
    def weights(self):
        """Keras's order, layer by layer: each layer's trainable weights, then its non-trainable ones.

        So `get_weights()` of a Dense-BatchNormalization-Dense stack is kernel, bias, gamma,
        beta, moving_mean, moving_variance, kernel, bias, as in Keras.
        """
        return self.variables

    @property
    def trainable_weights(self):
        if not self._trainable:
            return []
        return [v for v in self.variables if v.trainable]

    @property
    def non_trainable_weights(self):
        if not self._trainable:
            return self.variables
        return [v for v in self.variables if not v.trainable]

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        # As Keras: only the variables created trainable follow the flag; a BatchNormalization's
        # moving statistics stay non-trainable when the layer is unfrozen again.
        value = bool(value)
        object.__setattr__(self, "_trainable", value)
        TRAINABLE_CHANGES[0] += 1
        fixed = self._nontrainable_ids
        for v in self._variables:
            if id(v) not in fixed:
                v.trainable = value
        for layer in self._layers:
            layer.trainable = value

    @property
    def dtype(self):
        return self._dtype

    @property
    def dtype_policy(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._dtype

    @property
    def variable_dtype(self):
        return self._dtype

    def get_weights(self):
        """The weights' values as a list of NumPy arrays (copies); [] with a warning before build."""
        if not self.built:
            import warnings

            warnings.warn(f"{self._not_built_message()} get_weights() returns [].", UserWarning,
                          stacklevel=2)
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays in `get_weights()` order."""
        params = self.weights
        if not self.built and len(params) != len(weights):
            raise ValueError(f"{self._not_built_message()} set_weights() got {len(weights)} arrays "
                             f"for none.")
        if len(params) != len(weights):
            raise ValueError(f"Layer '{self.name}' expected {len(params)} weight arrays, "
                             f"got {len(weights)}.")
        for v, w in zip(params, weights):
            w = np.asarray(w)
            if w.shape != v.shape:
                raise ValueError(f"Layer '{self.name}' weight '{v.path}' has shape {v.shape}, "
                                 f"got an array of shape {w.shape}.")
        for v, w in zip(params, weights):
            v.assign(w)

    def _not_built_message(self):
        return (f"{type(self).__name__} '{self.name}' is not built yet, so it has no weights: build it "
                f"first by giving it an input shape (keras.Input(shape) as the first layer, or "
                f"model.build((None, *shape))) or by calling it on data.")

    def count_params(self):
        if not self.built:
            raise ValueError(f"Layer '{self.name}' is not built yet, so it has no weights to count. "
                             f"Call it on data or give its model an input shape first.")
        return int(sum(int(np.prod(v.shape)) for v in self.weights))

    # --- losses ----------------------------------------------------------------------
    def add_loss(self, loss):
        """Adds a scalar penalty (a Tensor) to the training loss of the current call."""
        self._own_losses.append(loss)

    @property
    def losses(self):
        """Penalties of this call (add_loss, activity) plus the weight regularizers."""
        return self._collect_call_losses() + self._weight_penalties()

    def _collect_call_losses(self):
        out = list(self._own_losses)
        for layer in self._layers:
            out.extend(layer._collect_call_losses())
        return out

    def _weight_penalties(self):
        return [v.regularizer(v) for v in self.variables if v.regularizer is not None]

    def _clear_losses(self):
        self._own_losses.clear()
        for layer in self._layers:
            layer._clear_losses()

    # --- calling ---------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def _maybe_build(self, input_shape):
        if not self.built:
            self._build_shapes = input_shape
            self.build(input_shape)
            self.built = True

    def __call__(self, inputs, *args, training=None, mask=None, **kwargs):
        from numkeras.layers.input_layer import KerasTensor

        # Any tensor argument may be symbolic: `AddTwo()(a, b)`, `attention(query, value=v)`.
        if _contains_symbolic(inputs, KerasTensor) or (args and _contains_symbolic(args, KerasTensor)) or \
                (kwargs and _contains_symbolic(kwargs, KerasTensor)):
            from numkeras.layers.graph import call_symbolic

            return call_symbolic(self, inputs, args, dict(kwargs, training=training, mask=mask))
        inputs = _to_tensors(inputs)
        if not self.built:
            self._maybe_build(_shapes_of(inputs))
        outer = CALL_CONTEXT.training
        if training is None:
            training = outer
        else:
            CALL_CONTEXT.training = training
        if self._call_accepts["training"]:
            kwargs["training"] = training
        # Masks ride on tensors as `_keras_mask` (Keras's way): an input's mask is passed on.
        previous_mask = mask if mask is not None else _masks_of(inputs)
        if previous_mask is not None and self._call_accepts["mask"]:
            kwargs["mask"] = previous_mask
        if outer is None:
            self._clear_losses()
        try:
            outputs = self.call(inputs, *args, **kwargs)
        finally:
            CALL_CONTEXT.training = outer
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(outputs) / _batch_size(outputs))
        if self.supports_masking:
            _attach_masks(outputs, self.compute_mask(inputs, previous_mask))
        return outputs

    def call(self, inputs, *args, **kwargs):
        return inputs

    def compute_mask(self, inputs, mask=None):
        return mask if self.supports_masking else None

    def compute_output_shape(self, input_shape):
        """Infers the output shape by running the layer on zeros (override for speed)."""
        from numkeras.backend.tensor import no_grad

        with no_grad():
            out = self(dummy_inputs(input_shape, self._dtype), training=False)
        return _map_outputs(out, lambda t: (None,) + tuple(t.shape[1:]))

    # --- config ----------------------------------------------------------------------
    def get_config(self):
        """The constructor arguments that recreate this layer (without weights).

        A custom layer that does not override `get_config` gets, as in Keras, the arguments
        it was constructed with, provided they are plain Python values (str, numbers, bools,
        None and lists/tuples/dicts of them); otherwise it must write its own `get_config`.
        """
        config = {"name": self.name}
        if type(self).get_config is Layer.get_config and type(self).__init__ is not Layer.__init__:
            config.update(self._automatic_config())
        config.update({"trainable": self.trainable,
                       "dtype": {"module": "keras", "class_name": "DTypePolicy",
                                 "config": {"name": self._dtype}, "registered_name": None}})
        if self._input_shape_arg is not None and not self.built:
            config["batch_input_shape"] = (None,) + tuple(self._input_shape_arg)
        return config

    def _automatic_config(self, strict=True):
        auto = self.__dict__.get("_auto_config")
        if auto is not None:
            return {k: v for k, v in auto.items() if k not in ("input_shape", "input_dim",
                                                               "batch_input_shape")}
        own = [n for n, p in _init_params(type(self)).items() if n not in _BASE_INIT_ARGS
               and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if own and strict:
            name = type(self).__name__
            raise NotImplementedError(
                f"{name} was created with arguments that are not plain Python values (str, int, "
                f"float, bool, None, or lists/dicts of them), so its config cannot be generated "
                f"automatically. Override get_config() to return the arguments of __init__ "
                f"({', '.join(own)}):\n\n"
                f"    def get_config(self):\n"
                f"        return {{**super().get_config(), {', '.join(f'{n!r}: self.{n}' for n in own)}}}")
        return {}

    @classmethod
    def from_config(cls, config):
        """Creates the layer from `get_config()`'s output (keys `__init__` cannot take are dropped
        when it has no `**kwargs`)."""
        return cls(**_accepted_kwargs(cls, config))

    def get_build_config(self):
        if self._build_shapes is not None:
            return {"input_shape": _jsonable_shape(self._build_shapes)}
        return None

    def build_from_config(self, build_config):
        if build_config and "input_shape" in build_config:
            self._maybe_build(_tuple_shape(build_config["input_shape"]))

    @property
    def input_shape(self):
        if self._build_shapes is None:
            raise AttributeError(f"Layer '{self.name}' has not been built: it has no input shape.")
        return self._build_shapes

    @property
    def output_shape(self):
        return self.compute_output_shape(self.input_shape)

    def _only_node(self, what):
        nodes = self._inbound_nodes
        if not nodes:
            raise AttributeError(f"Layer '{self.name}' has never been called on a symbolic input "
                                 f"(keras.Input(...)), so it has no symbolic {what}.")
        if len(nodes) > 1:
            raise ValueError(f"Layer '{self.name}' has been called {len(nodes)} times on symbolic "
                             f"inputs, so its `{what}` is ambiguous; keep the tensors its calls "
                             f"returned instead.")
        return nodes[0]

    @property
    def output(self):
        """The symbolic tensor(s) of this layer's single call in a graph (for feature extraction:
        `keras.Model(model.input, model.layers[-2].output)`)."""
        return self._only_node("output").outputs

    @property
    def input(self):
        """The symbolic tensor(s) this layer was called on in its single graph call."""
        return self._only_node("input").inputs

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"
