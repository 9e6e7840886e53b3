"""Activation layers."""
from numkeras.layers.activations.activation import Activation
from numkeras.layers.activations.elu import ELU
from numkeras.layers.activations.leaky_relu import LeakyReLU
from numkeras.layers.activations.prelu import PReLU
from numkeras.layers.activations.relu import ReLU
from numkeras.layers.activations.softmax import Softmax
