"""`clone_model`: the same architecture with new layers (and freshly initialised weights).

Example:
>>> twin = clone_model(model)                      # doctest: +SKIP
>>> twin.set_weights(model.get_weights())           # doctest: +SKIP
"""


def _default_clone(layer):
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None, recursive=False,
                **kwargs):
    """Clones a Sequential, functional or (through its config) subclassed model.

    Args:
        model: the model.
        input_tensors: optional `keras.Input` tensors for the clone (functional and Sequential).
        clone_function: `layer -> new layer` (default: `from_config(get_config())`).
        call_function: `(layer, *args, **kwargs) -> outputs`, to change how each layer is called
            in a functional clone.
        recursive: also clone the layers of nested Sequential/functional models layer by layer.

    Returns:
        A new, uncompiled model; its weights are new (initialised again), not copied.
    """
    from numkeras.models import Functional, Sequential

    if kwargs:
        raise ValueError(f"clone_model() got unexpected keyword arguments {sorted(kwargs)}.")
    clone_function = clone_function or _default_clone
    if recursive:
        inner = clone_function

        def clone_function(layer):
            if isinstance(layer, (Sequential, Functional)):
                return clone_model(layer, clone_function=inner, call_function=call_function,
                                   recursive=True)
            return inner(layer)

    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function)
    if isinstance(model, Functional) and type(model) is Functional:
        return _clone_functional(model, input_tensors, clone_function, call_function)
    if input_tensors is not None or call_function is not None:
        raise ValueError(f"clone_model(): `input_tensors` and `call_function` apply to Sequential and "
                         f"functional models only; '{model.name}' is a subclassed "
                         f"{type(model).__name__}.")
    from numkeras.saving.serialization import deserialize_keras_object, serialize_keras_object

    config = serialize_keras_object(model)
    config.pop("compile_config", None)
    return deserialize_keras_object(config)


def _clone_sequential(model, input_tensors, clone_function):
    from numkeras.layers import Input
    from numkeras.models import Sequential

    layers = [clone_function(layer) for layer in model.layers]
    if input_tensors is not None:
        tensors = input_tensors if isinstance(input_tensors, (list, tuple)) else [input_tensors]
        if len(tensors) != 1:
            raise ValueError("clone_model(): a Sequential model takes one input tensor, got "
                             f"{len(tensors)}.")
        layers = [tensors[0]] + layers
    elif model._input_layer is not None and model.built:
        source = model._input_layer
        layers = [Input(batch_shape=source.batch_shape, dtype=source.dtype, name=source.name)] + layers
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, input_tensors, clone_function, call_function):
    from numkeras.layers import Input, InputLayer
    from numkeras.layers.graph import flatten, map_structure
    from numkeras.models import Functional

    if input_tensors is None:
        new_inputs = [Input(batch_shape=t.shape, dtype=t.dtype, name=t._keras_history[0].name)
                      for t in model.inputs]
    else:
        new_inputs = list(input_tensors) if isinstance(input_tensors, (list, tuple)) else [input_tensors]
        if len(new_inputs) != len(model.inputs):
            raise ValueError(f"clone_model(): the model has {len(model.inputs)} inputs, got "
                             f"{len(new_inputs)} input tensors.")
    mapping = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    clones = {}
    for node in model._nodes:
        layer = node.layer
        if isinstance(layer, InputLayer):
            continue
        if id(layer) not in clones:
            clones[id(layer)] = clone_function(layer)
        new_layer = clones[id(layer)]
        inputs = map_structure(node.inputs, lambda t: mapping[id(t)])
        if call_function is not None:
            outputs = call_function(new_layer, inputs, *node.args, **node.kwargs)
        else:
            outputs = new_layer(inputs, *node.args, **node.kwargs)
        for old, new in zip(node.output_tensors, flatten(outputs)):
            mapping[id(old)] = new
    inputs = map_structure(model._inputs_struct, lambda t: mapping[id(t)])
    outputs = map_structure(model._outputs_struct, lambda t: mapping[id(t)])
    return Functional(inputs, outputs, name=model.name, trainable=model.trainable)
