"""`Sequential`: a plain stack of layers, each feeding the next."""
import warnings

from numkeras.backend.tensor import Tensor
from numkeras.layers.input_layer import InputLayer, KerasTensor
from numkeras.layers.layer import Layer
from numkeras.models.functional import _cast_to_input
from numkeras.models.model import Model


class Sequential(Model):
    """A linear stack of layers.

    Builds as soon as its input shape is known: an `Input`, or `input_shape=` on
    the first layer; otherwise on the first call or `fit`.

    Args:
        layers: optional list of layers to add.
        name: the model's name (default `sequential`, made unique).

    Example:
    >>> model = Sequential([Dense(2, input_shape=(2,), activation="sigmoid"), Dense(1)])
    >>> model.count_params()
    9
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack = []
        self._input_layer = None
        self._plan = None
        self._dense_chain = None  # the tape-free step, when the model qualifies (set per fit)
        self._output_shapes = None
        if isinstance(layers, Layer):
            warnings.warn("Sequential(layer): pass a list, Sequential([layer]) (a single layer is a "
                          "Keras 2 habit).", DeprecationWarning, stacklevel=2)
            layers = [layers]
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_from_input()

    # --- stacking --------------------------------------------------------------------------
    def add(self, layer, rebuild=True):
        """Appends a layer (or sets the input with `keras.Input(...)`)."""
        if isinstance(layer, KerasTensor):
            layer = layer._keras_history[0]
        if isinstance(layer, InputLayer):
            if self._stack or self._input_layer is not None:
                raise ValueError(f"Sequential '{self.name}': an Input can only be the first element.")
            self._input_layer = layer
            return
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential.add() expects a Layer instance, got {layer!r} of type "
                            f"{type(layer).__name__}. (Did you forget the parentheses, e.g. Dense(10)?)")
        if any(layer is l for l in self._stack):
            raise ValueError(f"Layer '{layer.name}' is already in Sequential '{self.name}'.")
        names = [l.name for l in self._stack]
        if layer.name in names:
            raise ValueError(f"All layers added to Sequential '{self.name}' must have unique names; "
                             f"'{layer.name}' is already used.")
        self._stack.append(layer)
        self._track(layer)
        self._plan = None
        self._dense_chain = None
        self.built = False
        if rebuild:
            self._maybe_build_from_input()

    def pop(self):
        """Removes the last layer."""
        if not self._stack:
            raise TypeError(f"Sequential '{self.name}' has no layers to pop.")
        layer = self._stack.pop()
        self._layers = [l for l in self._layers if l is not layer]
        self._plan = None
        self._dense_chain = None
        self.built = False
        self._maybe_build_from_input()
        return layer

    @property
    def layers(self):
        return list(self._stack)

    def _maybe_build_from_input(self):
        shape = None
        if self._input_layer is not None:
            shape = self._input_layer.batch_shape
        elif self._stack and self._stack[0]._input_shape_arg is not None:
            shape = (None,) + tuple(self._stack[0]._input_shape_arg)
        if shape is not None and self._stack:
            self.build(shape)

    # --- building ------------------------------------------------------------------------------
    def build(self, input_shape=None):
        """Builds every layer in turn from `input_shape` (with the batch axis)."""
        if input_shape is None:
            raise ValueError(f"Sequential '{self.name}' needs an input shape to build: add "
                             f"keras.Input(shape=...) first or pass input_shape to the first layer.")
        input_shape = tuple(input_shape)
        if self._input_layer is None:  # a first layer that reads text declares input_dtype "string"
            first_dtype = getattr(self._stack[0], "input_dtype", None) if self._stack else None
            self._input_layer = InputLayer(batch_shape=input_shape,
                                           dtype=first_dtype if first_dtype == "string" else None)
        shape, shapes = input_shape, []
        for layer in self._stack:
            layer._maybe_build(shape)
            shape = layer.compute_output_shape(shape)
            shapes.append(tuple(shape) if isinstance(shape, (list, tuple)) else shape)
        self._output_shapes = shapes
        self._build_shapes = input_shape
        self._plan = None
        self.built = True
        self._trace_graph()

    def _trace_graph(self):
        """Records the stack as a graph from the Input (Keras's Sequential does too), so that
        `model.output` and `model.layers[i].output` can start functional models."""
        from numkeras.layers.graph import call_symbolic

        for layer, node in self.__dict__.get("_graph_nodes", ()):
            layer._inbound_nodes = [n for n in layer._inbound_nodes if n is not node]
        self._graph_nodes, self._graph_output = [], None
        x = self._input_layer.output
        try:
            for layer in self._stack:
                x = call_symbolic(layer, x, (), {})
                self._graph_nodes.append((layer, layer._inbound_nodes[-1]))
        except Exception:  # a layer that cannot run symbolically: no graph, only eager calls
            for layer, node in self._graph_nodes:
                layer._inbound_nodes = [n for n in layer._inbound_nodes if n is not node]
            self._graph_nodes = []
            return
        self._graph_output = x

    def _begin_training(self):
        super()._begin_training()
        from numkeras.models.dense_chain import DenseChainStep

        self._dense_chain = DenseChainStep.for_model(self) if self.built else None

    def _train_batch(self, x, y=None, sample_weight=None):
        """Dense-only models with a regression loss take the tape-free step; others the general one."""
        chain = self._dense_chain
        if chain is not None and sample_weight is None and self._compile_metrics.built:
            out = chain(x, y)
            if out is not None:
                loss, y_pred = out
                self._update_trackers(loss, y, y_pred, None)
                return y_pred
        return super()._train_batch(x, y, sample_weight)

    def _make_plan(self):
        from numkeras.layers import BUILTIN_LAYER_TYPES

        plan = []
        # Masks travel through `__call__`: a stack that makes one calls every layer that way.
        masked = any(getattr(layer, "mask_zero", False) or type(layer).__name__ == "Masking"
                     for layer in self._stack)
        for layer in self._stack:
            fast = type(layer) in BUILTIN_LAYER_TYPES and layer.activity_regularizer is None \
                and not masked
            plan.append((layer, fast, layer._call_accepts["training"]))
        self._plan = plan
        return plan

    def _expected_input_dtypes(self):
        return [self._input_layer.dtype] if self._input_layer is not None else None

    def _expected_input_shapes(self):
        return [self._input_layer.batch_shape] if self.built and self._input_layer is not None else None

    # --- running -----------------------------------------------------------------------------
    def call(self, inputs, training=None, mask=None):
        x = inputs
        if self._input_layer is not None:
            x = _cast_to_input(x, self._input_layer.dtype)
        for layer in self._stack:
            x = layer(x, training=training)
        return x

    def _forward(self, x, training):
        """The training/inference hot path: built-in layers' `call` directly, others via `__call__`."""
        if not self.built:
            return self(x, training=training)
        plan = self._plan or self._make_plan()
        if not isinstance(x, Tensor):
            x = Tensor(x)
        for layer, fast, takes_training in plan:
            if not fast:
                x = layer(x, training=training)
            elif takes_training:
                x = layer.call(x, training=training)
            else:
                x = layer.call(x)
        return x

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        for layer in self._stack:
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def input_shape(self):
        return self._input_layer.batch_shape if self._input_layer is not None else None

    @property
    def output_shape(self):
        if not self.built:
            raise AttributeError(f"Sequential '{self.name}' is not built yet, so it has no output shape.")
        return self._output_shapes[-1]

    @property
    def inputs(self):
        return [self._input_layer.output] if self._input_layer is not None else None

    @property
    def input(self):
        return self._input_layer.output if self._input_layer is not None else None

    @property
    def outputs(self):
        """`[the symbolic output]` of the built stack (None before it is built)."""
        output = self.__dict__.get("_graph_output") if self.built else None
        return None if output is None else [output]

    @property
    def output(self):
        output = self.__dict__.get("_graph_output") if self.built else None
        if output is None:
            raise AttributeError(f"Sequential '{self.name}' has no symbolic output: it is not built "
                                 f"from an input shape yet (start it with keras.Input(shape=...)).")
        return output

    @property
    def output_names(self):
        return [self._stack[-1].name] if self._stack else []

    def get_config(self):
        from numkeras.saving import serialization

        layers = []
        if self._input_layer is not None:
            layers.append(serialization.serialize_keras_object(self._input_layer))
        layers += [serialization.serialize_keras_object(l) for l in self._stack]
        return {"name": self.name, "trainable": self.trainable,
                "dtype": {"module": "keras", "class_name": "DTypePolicy",
                          "config": {"name": self.dtype}, "registered_name": None},
                "layers": layers,
                **({"build_input_shape": list(self._input_layer.batch_shape)}
                   if self._input_layer is not None else {})}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from numkeras.saving import serialization

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config.get("layers", []):
            model.add(serialization.deserialize_keras_object(layer_config, custom_objects=custom_objects),
                      rebuild=False)
        model._maybe_build_from_input()
        shape = config.get("build_input_shape")
        if not model.built and isinstance(shape, (list, tuple)) and model._stack:
            model.build(tuple(shape))
        return model
