"""Which TensorFlow/Keras module names numkeras serves, and from where.

Each shim module is described by a `Spec`: the numkeras module whose public
names it passes through (`target`), a function returning names that differ or
exist only on the TensorFlow side (`extras`, "module:function"), and a module
searched last (`fallback`). The Keras submodules are listed once and served
under all three Keras roots: `keras`, `tensorflow.keras` and `tf_keras`.

Anything not listed here is reported as missing by name, never silently faked.
"""
import importlib.util
import sys
from dataclasses import dataclass

ROOTS = ("tensorflow", "keras", "tf_keras")
KERAS_ROOTS = ("keras", "tensorflow.keras", "tf_keras")

# The names Keras 2 code imports, from https://keras.io/api/datasets/ and the tf.keras 2 docs.
DATASETS = ("boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist", "imdb",
            "mnist", "reuters")


# Served for old code, but not listed among the available names in error messages.
_KERAS2_LAYER_MODULES = ("core", "embeddings", "normalization", "advanced_activations", "merge",
                         "noise", "convolutional", "pooling", "recurrent")
_UNLISTED = {f"layers.{name}" for name in _KERAS2_LAYER_MODULES} | {"layers.experimental"}


@dataclass(frozen=True)
class Spec:
    target: str = None
    extras: str = None
    fallback: str = None


_KERAS = {
    "": Spec("numkeras", "numkeras.compat.keras_extras:root"),
    "activations": Spec("numkeras.activations"),
    "backend": Spec("numkeras.backend", "numkeras.compat.keras_extras:backend", "numkeras.ops"),
    "callbacks": Spec("numkeras.callbacks"),
    "config": Spec("numkeras.config", "numkeras.compat.keras_extras:config"),
    "constraints": Spec("numkeras.constraints"),
    "datasets": Spec("numkeras.datasets"),
    "initializers": Spec("numkeras.initializers"),
    "layers": Spec("numkeras.layers", "numkeras.compat.keras_extras:layers"),
    # TF 2.3-2.5 kept Normalization, Rescaling, ... here.
    "layers.experimental": Spec("numkeras.layers"),
    "layers.experimental.preprocessing": Spec("numkeras.layers"),
    # Keras 2's submodules: `from keras.layers.core import Dense, Dropout`.
    **{f"layers.{old}": Spec("numkeras.layers", "numkeras.compat.keras_extras:layers")
       for old in _KERAS2_LAYER_MODULES},
    "losses": Spec("numkeras.losses"),
    "metrics": Spec("numkeras.metrics"),
    "models": Spec("numkeras.models"),
    "ops": Spec("numkeras.ops"),
    "optimizers": Spec("numkeras.optimizers", "numkeras.compat.keras_extras:optimizers"),
    "optimizers.legacy": Spec("numkeras.optimizers.legacy"),
    "optimizers.schedules": Spec("numkeras.optimizers.schedules"),
    "preprocessing": Spec("numkeras.utils.dataset_utils", "numkeras.compat.keras_extras:preprocessing"),
    "preprocessing.sequence": Spec(None, "numkeras.compat.keras_extras:sequence"),
    "preprocessing.text": Spec("numkeras.utils.text_tokenizer"),
    "preprocessing.image": Spec(None, "numkeras.compat.keras_extras:preprocessing_image"),
    "random": Spec("numkeras.random"),
    "regularizers": Spec("numkeras.regularizers"),
    "saving": Spec("numkeras.saving"),
    "utils": Spec("numkeras.utils"),
    "utils.np_utils": Spec("numkeras.utils.np_utils"),
    "wrappers": Spec("numkeras.wrappers"),
    "wrappers.scikit_learn": Spec("numkeras.wrappers.scikit_learn"),
}
_KERAS.update({f"datasets.{name}": Spec(f"numkeras.datasets.{name}") for name in DATASETS})

_TENSORFLOW = {
    "tensorflow": Spec("numkeras.compat.tf_api", "numkeras.compat.tf_api:_ns_root"),
    "tensorflow.math": Spec("numkeras.compat.tf_api", None, "numkeras.ops"),
    "tensorflow.nn": Spec(None, "numkeras.compat.tf_api:_ns_nn", "numkeras.ops"),
    "tensorflow.random": Spec(None, "numkeras.compat.tf_api:_ns_random"),
    "tensorflow.config": Spec(None, "numkeras.compat.tf_api:_ns_config"),
    "tensorflow.config.experimental": Spec(None, "numkeras.compat.tf_api:_ns_config_experimental"),
    "tensorflow.config.threading": Spec(None, "numkeras.compat.tf_api:_ns_config_threading"),
    "tensorflow.test": Spec(None, "numkeras.compat.tf_api:_ns_test"),
    "tensorflow.autograph": Spec(None, "numkeras.compat.tf_api:_ns_autograph"),
    "tensorflow.version": Spec(None, "numkeras.compat.tf_api:_ns_version"),
    "tensorflow.saved_model": Spec(None, "numkeras.compat.tf_api:_ns_saved_model"),
    "tensorflow.data": Spec("numkeras.data"),
    "tensorflow.data.experimental": Spec(None, "numkeras.compat.tf_api:_ns_data_experimental"),
}


def _build():
    specs, unlisted = dict(_TENSORFLOW), set()
    for root in KERAS_ROOTS:
        for suffix, spec in _KERAS.items():
            specs[f"{root}.{suffix}" if suffix else root] = spec
        unlisted |= {f"{root}.{suffix}" for suffix in _UNLISTED}
    return specs, unlisted


SPECS, UNLISTED = _build()


def lookup(name):
    """The Spec for a full module name, or None when numkeras does not serve it."""
    return SPECS.get(name)


def is_shim_name(name):
    """True for `tensorflow`, `keras`, `tf_keras` and anything under them."""
    return name.partition(".")[0] in ROOTS


def available(name):
    """True when the shim `name` is listed and the numkeras module behind it exists."""
    spec = SPECS.get(name)
    if spec is None:
        return False
    if spec.target is None or spec.target in sys.modules:
        return True
    try:
        return importlib.util.find_spec(spec.target) is not None
    except ModuleNotFoundError:
        return False


def children(name):
    """Available shim modules directly under `name` (`keras` -> ["activations", "backend", ...])."""
    prefix = name + "."
    direct = {key for key in SPECS if key.startswith(prefix) and "." not in key[len(prefix):]
              and key not in UNLISTED}
    return sorted(key[len(prefix):] for key in direct if available(key))
