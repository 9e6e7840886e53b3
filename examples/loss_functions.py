"""Lab (notes 002): cross-entropy by hand and Keras's loss classes.

    python examples/loss_functions.py [--out FOLDER]

Prints the notes' numbers: the hand-computed cross-entropy of three samples (0.74 on
average), BinaryCrossentropy 0.3445814, CategoricalCrossentropy and
SparseCategoricalCrossentropy 1.936381; then plots MSE against binary cross-entropy for
one output whose target is 1. (--quick changes nothing: the lab takes a second.)
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])

# One prediction against a one-hot target: H(p, q) = -sum p(x) log q(x).
p, q = np.array([1.0, 0.0, 0.0]), np.array([0.7, 0.2, 0.1])
print(f"H(p, q) = -log(0.7) = {-np.sum(p * np.log(q)):.6f} (natural log, as Keras computes it)")
print(f"          -log10(0.7) = {-np.sum(p * np.log10(q)):.6f} "
      "(the notes' 0.154901 is this base-10 value)")

# Lab: the cross-entropy of three samples, by hand.
outputs = np.array([[0.1, 0.3, 0.6], [0.2, 0.6, 0.2], [0.3, 0.4, 0.3]])
targets = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]])
per_sample = -np.sum(targets * np.log(outputs), axis=1)
for i, value in enumerate(per_sample, start=1):
    print(f"sample #{i}: cross-entropy {value:.2f}")
print(f"mean cross-entropy: {per_sample.mean():.2f}")
cce = keras.losses.CategoricalCrossentropy()
print("keras CategoricalCrossentropy:", cce(targets, outputs).numpy())

# BinaryCrossentropy: two classes (dog / not a dog).
y_true = [[1], [0], [0], [1]]
y_pred = [[0.8], [0.3], [0.5], [0.9]]
bce = keras.losses.BinaryCrossentropy()
print("BinaryCrossentropy:", bce(y_true, y_pred).numpy())

# CategoricalCrossentropy: one-hot labels (dog (1,0,0), cat (0,1,0), tiger (0,0,1)).
y_true = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]  # cat, tiger, dog
y_pred = [[0.6, 0.3, 0.1], [0.3, 0.6, 0.1], [0.1, 0.7, 0.2]]
cce = keras.losses.CategoricalCrossentropy()
print("CategoricalCrossentropy:", cce(y_true, y_pred).numpy())

# SparseCategoricalCrossentropy: the same labels as integers.
y_true = [1, 2, 0]  # cat, tiger, dog
scce = keras.losses.SparseCategoricalCrossentropy()
print("SparseCategoricalCrossentropy:", scce(y_true, y_pred).numpy())

# MSE vs BCE for one output whose target is 1: BCE punishes confident mistakes far harder.
plt = labkit.pyplot()
y_hat = np.linspace(0.005, 0.995, 199)
figure = plt.figure(figsize=(6, 4))
plt.plot(y_hat, (1 - y_hat) ** 2, label="MSE: $(1-\\hat{y})^2$")
plt.plot(y_hat, -np.log(y_hat), label="BCE: $-\\log(\\hat{y})$")
plt.xlabel("prediction $\\hat{y}$ (target y = 1)")
plt.ylabel("loss")
plt.ylim(0, 5)
plt.title("Mean squared error vs binary cross-entropy")
plt.grid(alpha=0.3)
plt.legend()
labkit.save_figure(figure, args, "loss_functions")
