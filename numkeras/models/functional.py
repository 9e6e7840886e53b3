"""The functional API: layers called on `KerasTensor`s record a graph; `Functional` runs it."""

from numkeras.backend.tensor import Tensor
from numkeras.layers.graph import GraphNode, flatten, leaves, map_structure, shape_structure
from numkeras.layers.input_layer import InputLayer, KerasTensor, cast_to_input_dtype
from numkeras.layers.layer import Layer
from numkeras.models.functional_config import keras_layer_order
from numkeras.models.model import Model


class Functional(Model):
    """A model defined by connecting `keras.Input`s to outputs through layer calls.

    >>> inputs = Input(shape=(3,))
    >>> model = Model(inputs, Dense(2)(inputs))
    >>> model(np.ones((4, 3))).shape
    (4, 2)
    """

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self.inputs = flatten(inputs)
        self.outputs = flatten(outputs)
        for t in leaves(inputs) + leaves(outputs):
            if not isinstance(t, KerasTensor):
                raise TypeError(f"Model inputs and outputs must be KerasTensors made from "
                                f"keras.Input(...) and layer calls, got {type(t).__name__}.")
        self._nodes = self._trace()
        self._input_layers = [t._keras_history[0] for t in self.inputs]
        # Keras's order (by depth, then first visit): the weights file and optimizer slots follow it.
        layers = keras_layer_order(inputs, outputs)
        object.__setattr__(self, "_all_layers", layers)
        for layer in layers:
            if not isinstance(layer, InputLayer):
                self._track(layer)
        self.built = True
        self._build_shapes = shape_structure(inputs)

    def _trace(self):
        """The graph's nodes in an order where each node's inputs come first."""
        order, visiting, done = [], set(), set()
        input_ids = {id(t) for t in self.inputs}

        def visit(tensor):
            if id(tensor) in input_ids:
                return
            layer, node = tensor._keras_history or (None, None)
            if node is None:
                raise ValueError(f"Graph disconnected: {tensor!r} depends on an input that was not "
                                 f"passed to the Model (inputs: {[t.name for t in self.inputs]}).")
            if id(node) in done:
                return
            if id(node) in visiting:
                raise ValueError("The functional graph has a cycle.")
            visiting.add(id(node))
            for parent in node.input_tensors:
                visit(parent)
            done.add(id(node))
            order.append(node)

        for out in self.outputs:
            visit(out)
        return order

    @property
    def layers(self):
        """Every layer of the graph, its InputLayers first (as Keras lists them)."""
        return list(self._all_layers)

    def _expected_input_shapes(self):
        return [t.shape for t in self.inputs]

    def _inputs_in_order(self, x):
        return self._standardize_inputs(x)

    def _standardize_inputs(self, inputs):
        if isinstance(inputs, dict):
            if isinstance(self._inputs_struct, dict):
                return [inputs[k] for k in self._inputs_struct]
            by_name = [inputs.get(t.name) for t in self.inputs]
            if all(v is not None for v in by_name):
                return by_name
            raise ValueError(f"Model '{self.name}' got a dict with keys {sorted(inputs)}; its inputs "
                             f"are named {[t.name for t in self.inputs]}.")
        if isinstance(inputs, (list, tuple)) and len(self.inputs) > 1:
            if len(inputs) != len(self.inputs):
                raise ValueError(f"Model '{self.name}' expects {len(self.inputs)} inputs, "
                                 f"got {len(inputs)}.")
            return list(inputs)
        if isinstance(inputs, (list, tuple)) and len(inputs) == 1 and not isinstance(
                self._inputs_struct, (list, tuple)) and hasattr(inputs[0], "shape"):
            return [inputs[0]]  # [x] for a one-input model, as Keras accepts
        return [inputs]

    def call(self, inputs, training=None, mask=None):
        values = {}
        for tensor, value in zip(self.inputs, self._standardize_inputs(inputs)):
            values[id(tensor)] = _cast_to_input(value, tensor.dtype)
        for node in self._nodes:
            layer_inputs = map_structure(node.inputs, lambda t: values[id(t)])
            args = map_structure(node.args, lambda t: values[id(t)])  # tensors among the other
            kwargs = map_structure(dict(node.kwargs), lambda t: values[id(t)])  # arguments too
            if training is not None:
                kwargs["training"] = training
            out = node.layer(layer_inputs, *args, **kwargs)
            for t, v in zip(node.output_tensors, _flatten_values(out)):
                values[id(t)] = v
        return map_structure(self._returned_struct(), lambda t: values[id(t)])

    def _returned_struct(self):
        """What a call returns: `outputs` as given, except that `[y]` returns `y` (as in Keras)."""
        struct = self._outputs_struct
        if isinstance(struct, (list, tuple)) and len(struct) == 1:
            return struct[0]
        return struct

    def compute_output_shape(self, input_shape):
        return map_structure(self._returned_struct(), lambda t: t.shape)

    @property
    def input_shape(self):
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t.shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    def _expected_input_dtypes(self):
        return [t.dtype for t in self.inputs]

    @property
    def output_names(self):
        return [t._keras_history[0].name for t in self.outputs]

    @property
    def input_names(self):
        return [t.name for t in self.inputs]

    def get_config(self):
        """Keras's functional config: every layer with its calls, and the input/output endpoints."""
        if type(self).get_config is not Functional.get_config:
            return super().get_config()
        from numkeras.models import functional_config

        return functional_config.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the model (layers, graph) from `get_config()`'s output."""
        from numkeras.models import functional_config

        return functional_config.from_config(cls, config, custom_objects=custom_objects)


def _cast_to_input(value, dtype):
    """A Tensor fed to an Input, in that Input's dtype (see `cast_to_input_dtype`)."""
    if isinstance(value, Tensor):
        cast = cast_to_input_dtype(value.value, dtype)
        if cast is not value.value:
            return Tensor(cast)
    return value


def _flatten_values(out):
    if isinstance(out, (list, tuple)):
        return [v for item in out for v in _flatten_values(item)]
    if isinstance(out, dict):
        return [v for key in out for v in _flatten_values(out[key])]
    return [out]


__all__ = ["Functional", "GraphNode", "Layer"]
