"""Activation functions, by name or as functions, with Keras 3's signatures.

>>> from numkeras import activations
>>> activations.get("relu")([-1.0, 2.0]).numpy().tolist()
[0.0, 2.0]
"""
import difflib

from numkeras import ops
from numkeras.backend import nn_ops, object_registration


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """`max(x, 0)`, with an optional slope below `threshold` and a cap `max_value`."""
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    return nn_ops.relu_general(ops._arg(x), negative_slope=negative_slope,
                               max_value=max_value, threshold=threshold)


def leaky_relu(x, negative_slope=0.2):
    """`x` if `x >= 0` else `negative_slope * x`."""
    return ops.leaky_relu(x, negative_slope=negative_slope)


def relu6(x):
    """`min(max(x, 0), 6)`."""
    return ops.relu6(x)


def elu(x, alpha=1.0):
    """`x` if `x > 0` else `alpha * (exp(x) - 1)`."""
    return ops.elu(x, alpha=alpha)


def selu(x):
    """`scale * elu(x, alpha)` with alpha = 1.67326324, scale = 1.05070098."""
    return ops.selu(x)


def gelu(x, approximate=False):
    """Gaussian error linear unit, `x * Phi(x)` (`approximate=True`: the tanh form)."""
    return ops.gelu(x, approximate=approximate)


def sigmoid(x):
    """`1 / (1 + exp(-x))`."""
    return ops.sigmoid(x)


def hard_sigmoid(x):
    """`relu6(x + 3) / 6`: 0 below -3, 1 above 3, linear between."""
    return ops.hard_sigmoid(x)


def hard_silu(x):
    """`x * hard_sigmoid(x)`."""
    return ops.hard_silu(x)


hard_swish = hard_silu


def silu(x):
    """`x * sigmoid(x)` (also called swish)."""
    return ops.silu(x)


swish = silu


def tanh(x):
    """Hyperbolic tangent."""
    return ops.tanh(x)


def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` along `axis`."""
    return ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """`x - logsumexp(x)` along `axis`."""
    return ops.log_softmax(x, axis=axis)


def softplus(x):
    """`log(1 + exp(x))`, computed without overflow."""
    return ops.softplus(x)


def softsign(x):
    """`x / (1 + |x|)`."""
    return ops.softsign(x)


def exponential(x):
    """`exp(x)`."""
    return ops.exp(x)


def mish(x):
    """`x * tanh(softplus(x))`."""
    return ops.mish(x)


def linear(x):
    """The identity (what `activation=None` means)."""
    return ops.convert_to_tensor(x)


ALL = {f.__name__: f for f in (
    relu, leaky_relu, relu6, elu, selu, gelu, sigmoid, hard_sigmoid, hard_silu, silu, tanh,
    softmax, log_softmax, softplus, softsign, exponential, mish, linear)}
ALIASES = {"swish": silu, "hard_swish": hard_silu}


def get(identifier):
    """Resolves an activation: None (linear), a name, or a callable.

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, dict) and identifier.get("class_name") == "function":
        # A user function saved by name (registered, or given in custom_objects when loading).
        return object_registration.deserialize_object(identifier)
    if isinstance(identifier, dict):
        identifier = identifier.get("config", identifier).get("name", identifier.get("class_name"))
    if isinstance(identifier, str):
        fn = ALL.get(identifier) or ALIASES.get(identifier)
        if fn is not None:
            return fn
        names = sorted(set(ALL) | set(ALIASES))
        close = difflib.get_close_matches(identifier, names, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"Unknown activation: '{identifier}'.{hint} Available: {', '.join(names)}.")
    raise TypeError(f"Could not interpret activation identifier: {identifier!r} "
                    f"(expected None, a string or a callable).")


def serialize(activation):
    """The name of a built-in activation (Keras stores activations as plain strings)."""
    name = getattr(activation, "__name__", None)
    if ALL.get(name) is activation or ALIASES.get(name) is activation:
        return name
    return object_registration.serialize_object(activation)


def deserialize(config, custom_objects=None):
    if isinstance(config, str) and custom_objects and config in custom_objects:
        return custom_objects[config]
    return get(config)
