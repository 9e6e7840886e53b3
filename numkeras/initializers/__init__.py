"""`numkeras.initializers`: how layers fill their weights, as in `keras.initializers`.

Every initializer is a callable `(shape, dtype=None) -> np.ndarray` whose dtype
defaults to `floatx()`. Layers accept an instance, a class, a config dict or
a name:

>>> from numkeras import initializers
>>> initializers.get("zeros")((2,)).tolist()
[0.0, 0.0]
>>> type(initializers.get("glorot_uniform")).__name__
'GlorotUniform'
"""
from numkeras.backend.object_table import ObjectTable
from numkeras.initializers.initializer import Constant, Identity, Initializer, Ones, Zeros
from numkeras.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    compute_fans,
)

# Keras's function-style spellings are the classes themselves.
constant, identity, ones, zeros = Constant, Identity, Ones, Zeros
glorot_normal, glorot_uniform = GlorotNormal, GlorotUniform
he_normal, he_uniform = HeNormal, HeUniform
lecun_normal, lecun_uniform = LecunNormal, LecunUniform
orthogonal, variance_scaling = Orthogonal, VarianceScaling
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
IdentityInitializer, OrthogonalInitializer = Identity, Orthogonal

_TABLE = ObjectTable(
    "initializer",
    "keras.initializers",
    [Constant, Identity, Ones, Zeros, GlorotNormal, GlorotUniform, HeNormal,
     HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal, RandomUniform,
     TruncatedNormal, VarianceScaling],
    aliases={"uniform": RandomUniform, "normal": RandomNormal, "one": Ones, "zero": Zeros,
             "IdentityInitializer": Identity, "OrthogonalInitializer": Orthogonal},
)


def get(identifier):
    """Returns an initializer from a name, a config dict, a class, an instance or a callable.

    Names are Keras's: 'glorot_uniform' or 'GlorotUniform', 'he_normal', 'zeros',
    'uniform' (RandomUniform), 'normal' (RandomNormal), 'orthogonal', ...

    Args:
        identifier: as above; None returns None.
    Raises:
        ValueError: for an unknown name, suggesting the closest known one.
    Example:
    >>> get({"class_name": "Constant", "config": {"value": 3.0}})((1,)).tolist()
    [3.0]
    """
    return _TABLE.get(identifier)


def serialize(initializer):
    """Returns `{"module", "class_name", "config", "registered_name"}` as Keras writes it.

    Example:
    >>> serialize(Ones())
    {'module': 'keras.initializers', 'class_name': 'Ones', 'config': {}, 'registered_name': None}
    """
    return _TABLE.serialize(initializer)


def deserialize(config, custom_objects=None):
    """Rebuilds an initializer from `serialize`'s dict (or a bare name).

    Args:
        config: dict or name.
        custom_objects: optional dict name -> class for user-defined initializers.
    """
    return _TABLE.deserialize(config, custom_objects)


def _register_variable_hook():
    from numkeras.backend import tensor

    tensor.INITIALIZER_LOOKUP[0] = get  # keras.Variable(initializer="zeros", shape=...)


_register_variable_hook()
