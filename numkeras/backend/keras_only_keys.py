"""Config keys that Keras writes and numkeras has no use for, dropped on load.

Keras 3 adds keys with neutral values to configs (`"quantization_config": None`
on Dense, `"ragged": False` on InputLayer). A class that does not take such a
key would reject the whole config; when the value is the neutral one the key
changes nothing, so it is dropped. A key with any other value is kept, and the
class's own error then says which argument it does not support.
"""
import inspect

KERAS_ONLY_DEFAULTS = {
    "quantization_config": None,
    "lora_rank": None,
    "lora_alpha": None,
    "ragged": False,
    "input_axes": None,
    "output_axes": None,
    "synchronized": False,
    "autocast": True,
}


def accepts(cls, key):
    """Whether some `__init__` in `cls`'s hierarchy names `key` as a parameter."""
    for klass in inspect.getmro(cls):
        init = vars(klass).get("__init__")
        if init is None:
            continue
        try:
            if key in inspect.signature(init).parameters:
                return True
        except (TypeError, ValueError):
            continue
    return False


def drop_keras_only_keys(cls, config):
    """A copy of `config` without the neutral Keras-only keys that `cls` does not take.

    Example:
    >>> from numkeras.layers import Dense
    >>> sorted(drop_keras_only_keys(Dense, {"units": 2, "quantization_config": None}))
    ['units']
    """
    if not isinstance(config, dict):
        return config
    out = dict(config)
    for key, neutral in KERAS_ONLY_DEFAULTS.items():
        if key in out and out[key] == neutral and type(out[key]) is type(neutral) and not accepts(cls, key):
            del out[key]
    return out
