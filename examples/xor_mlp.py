"""Lab (notes 001): a 2-2-1 MLP learns XOR with Sequential, compile, fit and predict.

    python examples/xor_mlp.py [--quick] [--out FOLDER] [--seed N]

XOR is not linearly separable, so it needs the hidden layer. With some initial weights
plain SGD gets stuck in a flat region (outputs near 0.5); the default seed is one that
learns, as in the notes. --quick trains 3,000 epochs instead of 10,000.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0], seed=1)

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
y = np.array([[0], [1], [1], [0]], dtype="float32")

model = keras.models.Sequential()
model.add(keras.layers.Dense(units=2, input_shape=(2,), activation="sigmoid"))
model.add(keras.layers.Dense(units=1, activation="sigmoid"))
# The notes' SGD(lr=0.3) is Keras 2 spelling; Keras 3 (and numkeras) call it learning_rate.
model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=0.3))
model.summary()

epochs = 3000 if args.quick else 10000
# verbose=0: 10,000 epoch lines would bury the result; the loss curve is saved instead.
history = model.fit(X, y, batch_size=1, epochs=epochs, verbose=0)
print(f"Epoch {epochs}/{epochs} - loss: {history.history['loss'][-1]:.4e}")
print(model.predict(X, verbose=0))

plt = labkit.pyplot()
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
keras.utils.plot_history(history, metrics="loss", ax=left, title="XOR: training loss (MSE)")
left.set_yscale("log")
# The learned function over the unit square: the hidden layer bends the boundary.
grid = np.linspace(-0.25, 1.25, 121, dtype="float32")
gx, gy = np.meshgrid(grid, grid)
surface = model.predict(np.c_[gx.ravel(), gy.ravel()], verbose=0).reshape(gx.shape)
image = right.contourf(gx, gy, surface, levels=np.linspace(0, 1, 11), cmap="RdBu_r")
right.scatter(X[:, 0], X[:, 1], c="white", edgecolors="black", s=260, zorder=2)
for (x1, x2), target in zip(X, y.ravel()):
    right.text(x1, x2, f"{target:.0f}", ha="center", va="center", fontweight="bold", zorder=3)
right.set_title("XOR: network output")
right.set_xlabel("x1")
right.set_ylabel("x2")
figure.colorbar(image, ax=right)
labkit.save_figure(figure, args, "xor_mlp")
