"""Lab (notes 002): weight initialisation. Zeros, a constant, too-small and too-large normals, Glorot, He.

    python examples/initialization.py [--quick] [--out FOLDER] [--seed N]

The same five-hidden-layer tanh network is built with each initializer and
`callbacks.ActivationStatsRecorder` looks at every layer's outputs on one probe batch:
zeros and a constant give every unit of a layer the same output (the symmetry that
training cannot break), a too-small normal makes the signal die out layer by layer, a
too-large one saturates tanh at +-1, Glorot keeps the spread steady across the depth.
He is drawn for relu, which it was made for. Then each trains a few epochs on the
two-circles data (plus 98 noise inputs), and the losses show which ones learn.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0], seed=0)
rng = np.random.default_rng(args.seed)
n = 400 if args.quick else 1000
radius = np.where(rng.random(n) < 0.5, 0.4, 1.0) + rng.normal(0, 0.08, n)
angle = rng.uniform(0, 2 * np.pi, n)
x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1).astype("float32")
x = np.concatenate([x, rng.normal(0, 1, (n, 98)).astype("float32")], axis=1)  # 100 inputs
y = (radius < 0.7).astype("float32")[:, None]

CASES = [("zeros", "zeros", "tanh"),
         ("constant 0.2", keras.initializers.Constant(0.2), "tanh"),
         ("normal 0.01", keras.initializers.RandomNormal(stddev=0.01), "tanh"),
         ("normal 1.0", keras.initializers.RandomNormal(stddev=1.0), "tanh"),
         ("glorot_normal", "glorot_normal", "tanh"),
         ("he_normal (relu)", "he_normal", "relu")]
epochs = 3 if args.quick else 15
plt = labkit.pyplot()
summary, (std_ax, sat_ax) = plt.subplots(1, 2, figsize=(12, 4.5))
for name, initializer, activation in CASES:
    keras.utils.set_random_seed(args.seed)
    model = keras.Sequential([keras.Input(shape=(100,))]
                             + [keras.layers.Dense(100, activation=activation, kernel_initializer=initializer)
                                for _ in range(5)]
                             + [keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="binary_crossentropy")
    recorder = keras.callbacks.ActivationStatsRecorder(x[:256], every=epochs)
    history = model.fit(x, y, batch_size=32, epochs=epochs, verbose=0, callbacks=[recorder])
    first_layer = recorder.layer_outputs()[0]
    distinct = len(np.unique(np.round(first_layer[0], 6)))
    print(f"{name:>16}: layer-5 output std {recorder.stds[0][4]:.2e}, saturated {recorder.saturation[0][4]:.0%}; "
          f"loss {history.history['loss'][0]:.4f} -> {history.history['loss'][-1]:.4f}; "
          f"distinct unit outputs in layer 1 after training: {distinct} of 100")
    hidden = np.arange(1, 6)
    std_ax.plot(hidden, np.maximum(recorder.stds[0][:5], 1e-12), marker="o", label=name)
    sat_ax.plot(hidden, recorder.saturation[0][:5], marker="o", label=name)
    figure = keras.utils.plot_activation_stats(recorder, record=0,
                                               title=f"{name}: layer outputs before training")
    slug = "".join(c if c.isalnum() else "_" for c in name.split(" (")[0])
    labkit.save_figure(figure, args, "initialization_" + slug)
std_ax.set_yscale("log")
std_ax.set_title("Output spread per hidden layer (before training)")
std_ax.set_xlabel("hidden layer")
std_ax.set_ylabel("std of outputs")
sat_ax.set_title("Saturated outputs per hidden layer")
sat_ax.set_xlabel("hidden layer")
sat_ax.set_ylabel("share (tanh beyond +-0.99, relu at 0)")
std_ax.legend(fontsize="small")
labkit.save_figure(summary, args, "initialization")
