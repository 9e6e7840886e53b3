# What the XOR slides show around the code: the imports and the training data table
# (x1, x2 -> y: 0 0 -> 0, 0 1 -> 1, 1 0 -> 1, 1 1 -> 0).
import numpy as np
import tensorflow as tf
from tensorflow import keras

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
y = np.array([[0], [1], [1], [0]])

# A fixed start, so the test is reproducible (two sigmoid units can get stuck on XOR).
tf.random.set_seed(1)
