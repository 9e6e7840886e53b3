"""The legacy HDF5 model format of Keras 2 / tf.keras (`model.save("m.h5")`).

Layout (root of the file):
- attributes `model_config` (the model's config as JSON), `training_config`
  (loss, metrics and `optimizer_config`, as JSON), `keras_version`, `backend`;
- group `model_weights`: attribute `layer_names`; one subgroup per layer name
  with attribute `weight_names` and the datasets under those names
  (`dense/kernel:0`, ...), in the layer's weight order;
- optional group `optimizer_weights` with its own `weight_names`.
A Keras 2 weights-only `.h5` file has the `model_weights` layout at its root.

Weights are matched to layers by position among the layers that have weights,
as Keras does (by name with `by_name=True`).
"""
import json
import warnings

import numpy as np

from numkeras.saving.h5_store import require_h5py
from numkeras.saving.serialization import SafeModeScope, deserialize_keras_object, serialize_keras_object


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _names(group, attr):
    """An attribute holding a list of names (also when Keras split it into chunks `name0`, `name1`)."""
    if attr in group.attrs:
        values = list(group.attrs[attr])
    else:
        values, i = [], 0
        while f"{attr}{i}" in group.attrs:
            values += list(group.attrs[f"{attr}{i}"])
            i += 1
    return [_text(v) for v in values]


def _open(filepath):
    h5py = require_h5py()
    try:
        return h5py.File(filepath, "r")
    except OSError as error:
        raise ValueError(f"Cannot load '{filepath}': it is not a valid HDF5 file (it may be truncated "
                         f"or corrupted). Details: {error}") from error


# --- loading -------------------------------------------------------------------------------------
def load_model_from_hdf5(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a whole model from a legacy `.h5` file."""
    with _open(filepath) as f:
        model_config = f.attrs.get("model_config")
        if model_config is None:
            raise ValueError(f"No model config found in the file at {filepath}: it holds weights only. "
                             f"Build the model in code and call model.load_weights('{filepath}').")
        try:
            config = json.loads(_text(model_config))
        except json.JSONDecodeError as error:
            raise ValueError(f"Cannot load '{filepath}': its model_config is not valid JSON "
                             f"({error}).") from error
        with SafeModeScope(safe_mode):
            model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
        if "model_weights" not in f:
            raise ValueError(f"Cannot load '{filepath}': the file has no 'model_weights' group.")
        load_weights_from_group(f["model_weights"], model)
        training_config = f.attrs.get("training_config")
        if compile and training_config is not None:
            _compile(model, json.loads(_text(training_config)), custom_objects)
            if "optimizer_weights" in f:
                _load_optimizer_weights(model, f["optimizer_weights"])
        elif compile:
            warnings.warn("No training configuration found in the save file, so the model was *not* "
                          "compiled. Compile it manually.", stacklevel=3)
    return model


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    """`model.load_weights("w.h5")` for a Keras 2 weights file (or a whole-model `.h5`)."""
    with _open(filepath) as f:
        group = f["model_weights"] if "layer_names" not in f.attrs and "model_weights" in f else f
        if by_name:
            _load_by_name(group, model, skip_mismatch)
        else:
            load_weights_from_group(group, model, skip_mismatch)


def _layer_values(group, name):
    layer_group = group[name]
    return [np.asarray(layer_group[w][()]) for w in _names(layer_group, "weight_names")]


def load_weights_from_group(group, model, skip_mismatch=False):
    """Assigns each layer's weights from the file, by position among layers that have weights."""
    layers = [layer for layer in model.layers if layer.weights]
    names = [n for n in _names(group, "layer_names") if _names(group[n], "weight_names")]
    if len(names) != len(layers):
        raise ValueError(f"Layer count mismatch when loading weights from file. Model expected "
                         f"{len(layers)} layers with weights, found {len(names)} saved layers "
                         f"({names}).")
    for k, (layer, name) in enumerate(zip(layers, names)):
        _assign(layer, _layer_values(group, name), f"layer #{k} (named {layer.name} in the current "
                f"model, {name} in the save file)", skip_mismatch)


def _load_by_name(group, model, skip_mismatch):
    saved = set(_names(group, "layer_names"))
    for layer in model.layers:
        if layer.name in saved and layer.weights:
            _assign(layer, _layer_values(group, layer.name), f"layer '{layer.name}'", skip_mismatch)


def _assign(layer, values, what, skip_mismatch):
    weights = layer.weights
    problem = None
    if len(values) != len(weights):
        problem = (f"Weight count mismatch for {what}: the layer expects {len(weights)} weight(s), "
                   f"the file holds {len(values)}.")
    else:
        for variable, value in zip(weights, values):
            if tuple(variable.shape) != value.shape:
                problem = (f"Shape mismatch in {what} for weight {variable.path}: the layer expects "
                           f"{tuple(variable.shape)}, the file holds {value.shape}.")
                break
    if problem is not None:
        if skip_mismatch:
            warnings.warn(f"Skipping loading weights for {what}: {problem}", stacklevel=4)
            return
        raise ValueError(problem)
    for variable, value in zip(weights, values):
        variable.assign(value)


def _compile(model, training_config, custom_objects):
    optimizer = training_config.get("optimizer_config")
    if isinstance(optimizer, dict):
        optimizer = deserialize_keras_object(optimizer, custom_objects=custom_objects)
    metrics = _legacy_metrics(training_config.get("metrics"))
    weighted = _legacy_metrics(training_config.get("weighted_metrics"))
    loss = deserialize_keras_object(training_config.get("loss"), custom_objects=custom_objects)
    model.compile(optimizer=optimizer or "rmsprop", loss=loss, metrics=metrics,
                  weighted_metrics=weighted, loss_weights=training_config.get("loss_weights"))


def _legacy_metrics(spec):
    """Keras 2 stored compiled metrics as MeanMetricWrapper configs; their names are what compile takes."""
    if isinstance(spec, list):
        return [_legacy_metrics(item) for item in spec]
    if isinstance(spec, dict) and "class_name" in spec:
        if spec["class_name"] == "MeanMetricWrapper":
            return spec.get("config", {}).get("name")
        return deserialize_keras_object(spec)
    if isinstance(spec, dict):
        return {key: _legacy_metrics(value) for key, value in spec.items()}
    return spec


def _load_optimizer_weights(model, group):
    values = [np.asarray(group[name][()]) for name in _names(group, "weight_names")]
    optimizer = model.optimizer
    if not optimizer.built and model.trainable_weights:
        optimizer.build(model.trainable_weights)
    variables = optimizer.variables
    shapes_match = len(values) == len(variables) and all(
        tuple(v.shape) == value.shape for v, value in zip(variables, values))
    if not shapes_match:
        warnings.warn("Error in loading the saved optimizer state (its variables do not match this "
                      f"optimizer's: {len(values)} saved, {len(variables)} expected). As a result, "
                      "your model is starting with a freshly initialized optimizer.", stacklevel=4)
        return
    optimizer.set_weights(values)


# --- saving ---------------------------------------------------------------------------------------
def _legacy_config(config):
    """Keras 3's legacy writer: no module/registered_name/build_config on the model and its layers."""
    out = {"class_name": config["class_name"], "config": dict(config["config"])}
    layers = out["config"].get("layers")
    if isinstance(layers, list):
        out["config"]["layers"] = [
            {key: value for key, value in layer.items()
             if key not in ("module", "registered_name", "build_config", "compile_config")}
            for layer in layers]
    return out


def _unique_names(variables):
    names, used = [], set()
    for i, variable in enumerate(variables):
        name = str(getattr(variable, "path", None) or getattr(variable, "name", f"variable_{i}"))
        if name in used:
            name = f"{name}_{i}"
        used.add(name)
        names.append(name)
    return names


def _write_group(group, variables):
    names = _unique_names(variables)
    group.attrs["weight_names"] = [name.encode("utf8") for name in names]
    for name, variable in zip(names, variables):
        group.create_dataset(name, data=np.asarray(variable.numpy()))


def _canonical_loss_names(loss):
    """"mse" -> "mean_squared_error": Keras 3's legacy loader fails on the short aliases."""
    if isinstance(loss, str):
        from numkeras import losses

        try:
            return losses.get_function(loss).__name__
        except (ValueError, KeyError, AttributeError):
            return loss
    if isinstance(loss, list):
        return [_canonical_loss_names(item) for item in loss]
    if isinstance(loss, dict) and "class_name" not in loss:
        return {key: _canonical_loss_names(value) for key, value in loss.items()}
    return loss


def save_model_to_hdf5(model, filepath, include_optimizer=True):
    """Writes the legacy `.h5` layout that Keras 3's legacy saver writes (and Keras 2 reads)."""
    h5py = require_h5py()
    from numkeras import __version__
    from numkeras.saving import archive
    from numkeras.saving.compile_config import get_compile_config

    config = _legacy_config(serialize_keras_object(model))
    with archive.atomic_write(filepath) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["backend"] = "numpy"
        f.attrs["keras_version"] = __version__
        f.attrs["model_config"] = json.dumps(config)
        compiled = get_compile_config(model)
        if compiled:
            training = {key: compiled.get(key) for key in ("loss", "loss_weights", "metrics",
                                                           "weighted_metrics")}
            training["loss"] = _canonical_loss_names(training["loss"])
            training["optimizer_config"] = {key: compiled["optimizer"][key]
                                            for key in ("class_name", "config")}
            f.attrs["training_config"] = json.dumps(training)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = [layer.name.encode("utf8") for layer in model.layers]
        weights.attrs["backend"] = "numpy"
        weights.attrs["keras_version"] = __version__
        for layer in model.layers:
            _write_group(weights.create_group(layer.name), layer.weights)
        _write_group(weights.create_group("top_level_model_weights"), [])
        optimizer = getattr(model, "optimizer", None)
        if include_optimizer and optimizer is not None and optimizer.variables:
            _write_group(f.create_group("optimizer_weights"), optimizer.variables)
