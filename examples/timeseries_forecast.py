"""Lab: forecast the next value of a noisy seasonal series from a window of the past

    python examples/timeseries_forecast.py [--quick] [--out FOLDER] [--seed N]

A generated series (two sine waves, a slow trend, noise) is cut into windows of 48 steps;
a stacked LSTM -> GRU -> Dense(1) model learns the value 1 step after each window. The lab
compares its mean absolute error on the last 20% of the series with the naive forecast
"tomorrow equals today".
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
layers = keras.layers
window = 48

rng = np.random.default_rng(args.seed)
t = np.arange(1500 if args.quick else 6000, dtype="float32")
series = (np.sin(2 * np.pi * t / 50) + 0.5 * np.sin(2 * np.pi * t / 13) + t / 3000
          + 0.1 * rng.standard_normal(t.size)).astype("float32")
split = int(series.size * 0.8)
mean, std = series[:split].mean(), series[:split].std()
scaled = (series - mean) / std


def windows(values):
    """Every window of `window` steps (batch, window, 1) and the value right after it."""
    x = np.lib.stride_tricks.sliding_window_view(values[:-1], window)[..., None]
    return x.astype("float32"), values[window:, None].astype("float32")


x_train, y_train = windows(scaled[:split])
x_test, y_test = windows(scaled[split - window:])
print("windows:", x_train.shape, "targets:", y_train.shape)

model = keras.Sequential([
    keras.Input(shape=(window, 1)),
    layers.LSTM(32, return_sequences=True),
    layers.GRU(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.summary()
history = model.fit(x_train, y_train, epochs=3 if args.quick else 20, batch_size=64,
                    validation_split=0.1, verbose=2)

predicted = model.predict(x_test, verbose=0)
model_mae = float(np.mean(np.abs(predicted - y_test)) * std)
naive_mae = float(np.mean(np.abs(x_test[:, -1] - y_test)) * std)
print(f"test MAE: model {model_mae:.4f}, naive {naive_mae:.4f}")

plt = labkit.pyplot()
figure = plt.figure(figsize=(8, 4))
shown = slice(0, 200)
plt.plot(y_test[shown, 0] * std + mean, "b", label="series")
plt.plot(predicted[shown, 0] * std + mean, "r--", label="forecast")
plt.title("One-step forecast on held-out data")
plt.legend()
labkit.save_figure(figure, args, "timeseries_forecast")
