"""A weight's initializer, regularizer and constraint, kept on its layer under Keras's names.

`set_weight_options(layer, "kernel", ...)` resolves the three and stores them as
`layer.kernel_initializer`, `layer.kernel_regularizer` and `layer.kernel_constraint`;
`add_weight_with_options(layer, "kernel", shape)` creates the weight from them in `build`.
"""
from numkeras import constraints, initializers, regularizers


def set_weight_options(layer, name, initializer, regularizer, constraint):
    setattr(layer, f"{name}_initializer", initializers.get(initializer))
    setattr(layer, f"{name}_regularizer", regularizers.get(regularizer))
    setattr(layer, f"{name}_constraint", constraints.get(constraint))


def add_weight_with_options(layer, name, shape):
    return layer.add_weight(shape=shape, initializer=getattr(layer, f"{name}_initializer"),
                            regularizer=getattr(layer, f"{name}_regularizer"),
                            constraint=getattr(layer, f"{name}_constraint"), name=name)
