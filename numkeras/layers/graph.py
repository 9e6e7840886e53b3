"""The symbolic-call machinery: a layer called on `KerasTensor`s records a graph node.

Functional models (numkeras.models) are built on the graph these nodes make.
"""
import numpy as np

from numkeras.layers.input_layer import KerasTensor


class GraphNode:
    """One call of `layer` in a graph: from `inputs` (a structure of KerasTensors) to `outputs`."""

    def __init__(self, layer, inputs, args, kwargs, outputs):
        self.layer = layer
        self.inputs = inputs
        self.args = args
        self.kwargs = kwargs
        self.outputs = outputs
        # Every tensor the call reads: the first argument's, then the other arguments' (in order).
        self.input_tensors = flatten(inputs) + flatten(list(args)) + flatten(kwargs)
        self.output_tensors = flatten(outputs)


def leaves(structure):
    """The leaves of nested lists/tuples/dicts, in order."""
    if isinstance(structure, (list, tuple)):
        return [t for item in structure for t in leaves(item)]
    if isinstance(structure, dict):
        return [t for key in structure for t in leaves(structure[key])]
    return [structure]


def flatten(structure):
    """The KerasTensors among the leaves."""
    return [t for t in leaves(structure) if isinstance(t, KerasTensor)]


def map_structure(structure, fn):
    if isinstance(structure, KerasTensor):
        return fn(structure)
    if isinstance(structure, (list, tuple)):
        return type(structure)(map_structure(item, fn) for item in structure)
    if isinstance(structure, dict):
        return {key: map_structure(value, fn) for key, value in structure.items()}
    return structure


def shape_structure(structure):
    if isinstance(structure, KerasTensor):
        return structure.shape
    if isinstance(structure, (list, tuple)):
        return [shape_structure(item) for item in structure]
    if isinstance(structure, dict):
        return {key: shape_structure(value) for key, value in structure.items()}
    return None


def _output_shape_of_call(layer, inputs, args, kwargs):
    """The output shape of `layer(inputs, *args, **kwargs)`, from a call on zeros (batch of 2)."""
    from numkeras.backend.tensor import no_grad

    def zeros(tensor):
        return np.zeros(tuple(2 if d is None else d for d in tensor.shape), dtype=tensor.dtype)

    call_kwargs = {k: v for k, v in map_structure(kwargs, zeros).items() if k not in ("training", "mask")}
    with no_grad():
        out = layer(map_structure(inputs, zeros), *map_structure(tuple(args), zeros),
                    training=False, **call_kwargs)

    def shape_of(t):
        return (None,) + tuple(t.shape[1:])

    if isinstance(out, (list, tuple)):
        return [shape_of(t) for t in out]
    if isinstance(out, dict):
        return {k: shape_of(t) for k, t in out.items()}
    return shape_of(out)


def call_symbolic(layer, inputs, args, kwargs):
    """Records `layer(inputs)` in the graph and returns KerasTensors of the output's shape."""
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    shapes = shape_structure(inputs)
    layer._maybe_build(shapes)
    if flatten(list(args)) or flatten(kwargs):  # several tensors: the shape of a call on zeros
        output_shape = _output_shape_of_call(layer, inputs, args, kwargs)
    else:
        output_shape = layer.compute_output_shape(shapes)
    dtype = flatten(inputs)[0].dtype if np.dtype(layer.dtype).kind != "f" else layer.dtype
    node = GraphNode(layer, inputs, args, kwargs, None)

    def make(shape, index):
        return KerasTensor(shape, dtype, name=f"{layer.name}_{index}", history=(layer, node))

    if isinstance(output_shape, list):
        outputs = [make(tuple(s), i) for i, s in enumerate(output_shape)]
    elif isinstance(output_shape, dict):
        outputs = {k: make(tuple(s), i) for i, (k, s) in enumerate(output_shape.items())}
    else:
        outputs = make(tuple(output_shape), 0)
    node.outputs = outputs
    node.output_tensors = flatten(outputs)
    layer._inbound_nodes.append(node)
    return outputs
