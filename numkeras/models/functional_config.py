"""Functional models <-> Keras's config format, and Keras's order of a graph's layers.

A functional config lists every layer (InputLayers included) in Keras's order,
each with the calls that connect it (`"inbound_nodes"`), then names the model's
inputs and outputs as `[layer_name, node_index, tensor_index]` triples:

    {"name": "model", "trainable": true,
     "layers": [{"module": "keras.layers", "class_name": "InputLayer", ..., "name": "x",
                 "inbound_nodes": []},
                {"module": "keras.layers", "class_name": "Dense", ..., "name": "dense",
                 "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                                              "config": {"shape": [null, 3], "dtype": "float32",
                                                         "keras_history": ["x", 0, 0]}}],
                                    "kwargs": {}}]}],
     "input_layers": ["x", 0, 0], "output_layers": ["dense", 0, 0]}

Node indices count only the calls that belong to this model. A Functional
model used as a layer has, in Keras, an extra first node (the one made when it
was built), so its indices in `input_layers`/`output_layers` are one higher.
"""
from numkeras.layers.graph import flatten
from numkeras.layers.input_layer import InputLayer, KerasTensor


class RevivedKerasTensor:
    """A `__keras_tensor__` read from a config: a shape, a dtype and its `keras_history`."""

    def __init__(self, shape, dtype, history):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.history = history


# --- Keras's order of layers -----------------------------------------------------------------
def _flatten_sorted(structure):
    """Flattens like Keras's `tree.flatten`: dict values in sorted key order."""
    if isinstance(structure, KerasTensor):
        return [structure]
    if isinstance(structure, dict):
        return [t for key in sorted(structure) for t in _flatten_sorted(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [t for item in structure for t in _flatten_sorted(item)]
    return []


def _node_key(tensor):
    layer, node = tensor._keras_history
    return ("input", id(layer)) if node is None else id(node)


def keras_layer_order(inputs_struct, outputs_struct):
    """The graph's layers in the order Keras lists them in `model.layers`.

    Keras sorts layers by depth (distance from the outputs, deepest first) and
    breaks ties by the order a depth-first walk from the outputs meets them.
    The weights file names layers by their position in this list, and the
    optimizer's slots follow it, so it must match Keras exactly.
    """
    inputs = _flatten_sorted(inputs_struct)
    input_ids = {id(t) for t in inputs}
    finished, in_progress, ordered, first_seen, layers = set(), set(), [], {}, {}

    def visit(tensor):
        layer, node = tensor._keras_history
        key = _node_key(tensor)
        if key in finished:
            return
        if node is not None and id(tensor) in input_ids:
            finished.add(key)  # an intermediate tensor used as a model input: outside the graph
            return
        if key in in_progress:
            raise ValueError(f"Tensor {tensor!r} from layer '{layer.name}' is part of a cycle.")
        first_seen.setdefault(id(layer), len(first_seen))
        layers[id(layer)] = layer
        in_progress.add(key)
        for parent in (node.input_tensors if node is not None else []):
            visit(parent)
        in_progress.discard(key)
        finished.add(key)
        ordered.append((layer, node, key))

    for tensor in _flatten_sorted(outputs_struct):
        visit(tensor)
    in_graph = {key for _, _, key in ordered}
    node_depth, layer_depth = {}, {}
    for layer, node, key in reversed(ordered):
        depth = max(node_depth.setdefault(key, 0), layer_depth.get(id(layer), 0))
        layer_depth[id(layer)] = node_depth[key] = depth
        for parent in (node.input_tensors if node is not None else []):
            parent_key = _node_key(parent)
            if parent_key in in_graph:
                node_depth[parent_key] = max(depth + 1, node_depth.get(parent_key, 0))
    for tensor in inputs:  # inputs that no output depends on still belong to the model
        layer = tensor._keras_history[0]
        if id(layer) not in layer_depth and tensor._keras_history[1] is None:
            layers[id(layer)] = layer
            layer_depth[id(layer)], first_seen[id(layer)] = 0, -1
    return [layers[i] for i in sorted(layer_depth, key=lambda i: (-layer_depth[i], first_seen[i]))]


# --- get_config ------------------------------------------------------------------------------------
def keras_history(tensor, own_node_ids=None):
    """`[layer_name, node_index, tensor_index]` of a KerasTensor, counting only `own_node_ids` nodes."""
    layer, node = tensor._keras_history
    if node is None:
        return [layer.name, 0, 0]
    nodes = [n for n in layer._inbound_nodes if own_node_ids is None or id(n) in own_node_ids]
    return [layer.name, _index(nodes, node), _index(node.output_tensors, tensor)]


def _index(items, item):
    for i, candidate in enumerate(items):
        if candidate is item:
            return i
    raise RuntimeError(f"Internal error: {item!r} is not among {items!r}.")


def _is_functional(layer):
    from numkeras.models.functional import Functional

    return isinstance(layer, Functional)


def _map_structure(structure, fn):
    if isinstance(structure, KerasTensor):
        return fn(structure)
    if isinstance(structure, dict):
        return {key: _map_structure(value, fn) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_map_structure(item, fn) for item in structure]
    return structure


def get_config(model):
    """Keras's functional config of `model` (see the module docstring)."""
    from numkeras.saving.serialization import serialize_keras_object

    own = {id(node) for node in model._nodes}

    def tensor_config(tensor):
        return {"class_name": "__keras_tensor__", "config": {
            "shape": list(tensor.shape), "dtype": tensor.dtype,
            "keras_history": keras_history(tensor, own)}}

    layer_configs = []
    for layer in model.layers:
        nodes = [n for n in layer._inbound_nodes if id(n) in own]
        layer_config = serialize_keras_object(layer)
        layer_config["name"] = layer.name
        layer_config["inbound_nodes"] = [
            {"args": [_map_structure(node.inputs, tensor_config)] + [
                _map_structure(a, tensor_config) if flatten(a) else serialize_keras_object(a) for a in node.args],
             "kwargs": {k: _map_structure(v, tensor_config) if flatten(v) else serialize_keras_object(v)
                        for k, v in node.kwargs.items()}}
            for node in nodes]
        layer_configs.append(layer_config)

    def endpoint(tensor):
        name, node_index, tensor_index = keras_history(tensor, own)
        return [name, node_index + (1 if _is_functional(tensor._keras_history[0]) else 0), tensor_index]

    return {"name": model.name, "trainable": model.trainable, "layers": layer_configs,
            "input_layers": _map_structure(model._inputs_struct, endpoint),
            "output_layers": _map_structure(model._outputs_struct, endpoint)}


# --- from_config -----------------------------------------------------------------------------------
def _is_leaf(value):
    return isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and \
        isinstance(value[1], int)


def from_config(cls, config, custom_objects=None):
    """Rebuilds a functional model of class `cls` from `get_config`'s output (Keras 3 or Keras 2)."""
    from numkeras.saving.serialization import deserialize_keras_object

    config = dict(config)
    layer_datas = config.pop("layers")
    input_layers, output_layers = config.pop("input_layers"), config.pop("output_layers")
    name, trainable = config.pop("name", None), config.pop("trainable", True)
    created, pending = {}, {}
    for data in layer_datas:
        layer = deserialize_keras_object(data, custom_objects=custom_objects)
        if not hasattr(layer, "_inbound_nodes"):
            raise ValueError(f"Unexpected object in a functional config: expected a layer, got "
                             f"{type(layer).__name__} for '{data.get('name')}'.")
        created[data["name"]] = layer
        pending[data["name"]] = list(data.get("inbound_nodes") or [])
    # Layers shared at different depths need several passes: a call waits until its inputs exist.
    while any(pending.values()):
        progressed = False
        for data in layer_datas:
            queue = pending[data["name"]]
            while queue:
                call = _revive_call(queue[0], created)
                if call is None:
                    break
                args, kwargs = call
                created[data["name"]](*args, **kwargs)
                queue.pop(0)
                progressed = True
        if not progressed:
            stuck = {k: len(v) for k, v in pending.items() if v}
            raise ValueError(f"Invalid functional model configuration: the graph has loops or "
                             f"disconnected nodes. Calls that could not be resolved: {stuck}.")
    legacy = any("module" not in data for data in layer_datas)
    inputs = _endpoints(input_layers, created, legacy)
    outputs = _endpoints(output_layers, created, legacy)
    return cls(inputs=inputs, outputs=outputs, name=name, trainable=trainable, **config)


def _tensor_from_history(history, created):
    """The output tensor a `[name, node_index, tensor_index]` points to; None while not yet made."""
    name, node_index, tensor_index = history[0], history[1], history[2]
    if name not in created:
        raise ValueError(f"Invalid functional model configuration: unknown layer '{name}'.")
    layer = created[name]
    if isinstance(layer, InputLayer):
        return layer.output
    if node_index >= len(layer._inbound_nodes):
        return None
    return layer._inbound_nodes[node_index].output_tensors[tensor_index]


def _revive_call(node_data, created):
    """`(args, kwargs)` of one stored call, or None when an input does not exist yet."""
    from numkeras.saving.serialization import deserialize_keras_object

    if isinstance(node_data, list):  # Keras 2: [[name, node_index, tensor_index, kwargs], ...]
        tensors, kwargs = [], {}
        for entry in node_data:
            tensor = _tensor_from_history(entry, created)
            if tensor is None:
                return None
            tensors.append(tensor)
            if len(entry) > 3 and entry[3]:
                kwargs = deserialize_keras_object(entry[3])
        return [tensors[0] if len(tensors) == 1 else tensors], kwargs
    args = deserialize_keras_object(node_data.get("args", []))
    kwargs = deserialize_keras_object(node_data.get("kwargs", {})) or {}
    missing = []

    def revive(value):
        if isinstance(value, RevivedKerasTensor):
            tensor = _tensor_from_history(value.history, created)
            if tensor is None:
                missing.append(value.history)
            return tensor
        if isinstance(value, dict):
            return {k: revive(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [revive(v) for v in value]
        return value

    args, kwargs = revive(args), revive(kwargs)
    return None if missing else (args, kwargs)


def _endpoints(structure, created, legacy):
    def get(leaf):
        name, node_index, tensor_index = leaf[:3]
        if _is_functional(created.get(name)):
            node_index -= 1  # Keras counts the node made when the inner model was built
        tensor = _tensor_from_history([name, node_index, tensor_index], created)
        if tensor is None:
            raise ValueError(f"Invalid functional model configuration: layer '{name}' has no call "
                             f"number {node_index}.")
        return tensor

    def walk(value):
        if _is_leaf(value):
            return get(value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return [walk(v) for v in value]

    result = walk(structure)
    if legacy and isinstance(result, list) and len(result) == 1:
        return result[0]  # Keras 2 always wrote lists, also for one input or output
    return result
