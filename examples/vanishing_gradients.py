"""Lab (notes 002): vanishing gradients. A deep sigmoid network vs the same network with relu.

    python examples/vanishing_gradients.py [--quick] [--out FOLDER] [--seed N]

Eight hidden Dense layers learn the two-circles data set. `callbacks.GradientNormRecorder`
records each layer's gradient norm at every step: with sigmoid the norm shrinks by about a
factor of four per layer on its way back to the input (sigmoid's slope is at most 1/4), so
the first layers barely learn; with relu it stays of one size across the depth.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0], seed=3)
rng = np.random.default_rng(args.seed)

# Two concentric circles with noise: the inner one is class 1.
n = 400 if args.quick else 1000
radius = np.where(rng.random(n) < 0.5, 0.4, 1.0) + rng.normal(0, 0.08, n)
angle = rng.uniform(0, 2 * np.pi, n)
x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1).astype("float32")
y = (radius < 0.7).astype("float32")[:, None]

DEPTH, UNITS = 8, 16
epochs = 5 if args.quick else 30
recorders = {}
for activation in ("sigmoid", "relu"):
    keras.utils.set_random_seed(args.seed)
    model = keras.Sequential([keras.Input(shape=(2,))]
                             + [keras.layers.Dense(UNITS, activation=activation) for _ in range(DEPTH)]
                             + [keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="binary_crossentropy",
                  metrics=["accuracy"])
    recorder = keras.callbacks.GradientNormRecorder()
    history = model.fit(x, y, batch_size=32, epochs=epochs, verbose=0, callbacks=[recorder])
    recorders[activation] = recorder
    first = recorder.epoch_norms[0]
    print(f"{activation:>7}: accuracy {history.history['accuracy'][-1]:.3f}; first-epoch gradient norm "
          f"of layer 1 / layer {DEPTH + 1}: {first[0]:.2e} / {first[-1]:.2e} (ratio {first[0] / first[-1]:.1e})")

plt = labkit.pyplot()
figure, axes = plt.subplots(1, 3, figsize=(16, 4.5))
for ax, (activation, recorder) in zip(axes, recorders.items()):
    keras.utils.plot_gradient_norms(recorder, ax=ax, title=f"{activation}: gradient norm per layer")
layers = np.arange(1, DEPTH + 2)
for activation, recorder in recorders.items():
    axes[2].plot(layers, recorder.epoch_norms[0], marker="o", label=activation)
axes[2].set_yscale("log")
axes[2].set_xlabel("layer (1 = next to the input)")
axes[2].set_ylabel("gradient L2 norm, first epoch")
axes[2].set_title("Across the depth")
axes[2].legend()
labkit.save_figure(figure, args, "vanishing_gradients")
