"""`numkeras.layers`: the building blocks of models."""
from numkeras.layers.core import Activation, Dense, Identity
from numkeras.layers.input_layer import Input, InputLayer, KerasTensor
from numkeras.layers.layer import Layer
from numkeras.layers.regularization import Dropout
from numkeras.layers.reshaping import Flatten, Reshape

# Layers whose `call` the training loop may invoke directly (no add_loss, no nested state).
BUILTIN_LAYER_TYPES = {Dense, Activation, Identity, Dropout, Flatten, Reshape}
