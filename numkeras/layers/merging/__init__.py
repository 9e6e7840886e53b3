"""Merging layers and their functional forms."""
from numkeras.layers.merging.add import Add, add
from numkeras.layers.merging.average import Average, average
from numkeras.layers.merging.concatenate import Concatenate, concatenate
from numkeras.layers.merging.dot import Dot, dot
from numkeras.layers.merging.maximum import Maximum, maximum
from numkeras.layers.merging.minimum import Minimum, minimum
from numkeras.layers.merging.multiply import Multiply, multiply
from numkeras.layers.merging.subtract import Subtract, subtract
