"""Lab (notes 004): predicting house prices (regression) with K-fold validation.

    python examples/boston_housing_kfold.py [--quick] [--out FOLDER] [--seed N]

Only 404 training houses: too few for a fixed validation split, so the notes use 4-fold
cross-validation. Each fold trains a 64-64-1 network (RMSprop, MSE loss, MAE metric,
batch 1) for 500 epochs and records the validation MAE per epoch; the curve averaged over
the folds and smoothed (dropping the first 10 epochs) shows validation MAE bottoming out
around epoch 80. A last model trained 80 epochs on all 404 houses is scored on the test set.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
boston_housing, models, layers = keras.datasets.boston_housing, keras.models, keras.layers

(train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
print(train_data.shape, test_data.shape)

# Standardise each feature with the training set's statistics (the test set's too).
mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std
test_data -= mean
test_data /= std


def build_model():
    model = models.Sequential()
    model.add(layers.Dense(64, activation="relu", input_shape=(train_data.shape[1],)))
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model


k = 4
num_val_samples = len(train_data) // k
num_epochs = 12 if args.quick else 500
all_mae_histories = []
for i in range(k):
    print("처리중인 폴드 (processing fold) #", i)
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]
    partial_train_data = np.concatenate(
        [train_data[:i * num_val_samples], train_data[(i + 1) * num_val_samples:]], axis=0)
    partial_train_targets = np.concatenate(
        [train_targets[:i * num_val_samples], train_targets[(i + 1) * num_val_samples:]], axis=0)
    model = build_model()
    history = model.fit(partial_train_data, partial_train_targets,
                        validation_data=(val_data, val_targets),
                        epochs=num_epochs, batch_size=1, verbose=0)
    mae_history = history.history["val_mae"]
    all_mae_histories.append(mae_history)
    print(f"  final validation MAE: {mae_history[-1]:.3f}")

average_mae_history = [np.mean([x[i] for x in all_mae_histories]) for i in range(num_epochs)]


def smooth_curve(points, factor=0.9):
    """Exponential moving average, to see the trend through the epoch-to-epoch noise."""
    smoothed_points = []
    for point in points:
        if smoothed_points:
            previous = smoothed_points[-1]
            smoothed_points.append(previous * factor + point * (1 - factor))
        else:
            smoothed_points.append(point)
    return smoothed_points


# The first epochs' MAE is far larger and would flatten the rest of the curve; a quick run
# of 12 epochs drops only 2, so its figure still has a curve to look at.
skip = 2 if args.quick else 10
smooth_mae_history = smooth_curve(average_mae_history[skip:])
print(f"the figure: epochs {skip + 1}-{num_epochs}, {len(smooth_mae_history)} points")
best_epoch = skip + int(np.argmin(smooth_mae_history)) + 1
print(f"smoothed validation MAE is lowest at epoch {best_epoch}: "
      f"{min(smooth_mae_history):.3f} (thousand dollars)")

plt = labkit.pyplot()
figure = plt.figure(figsize=(6, 4))
plt.plot(range(skip + 1, skip + len(smooth_mae_history) + 1), smooth_mae_history)
plt.xlabel("Epochs")
plt.ylabel("Validation MAE")
plt.title(f"Boston housing, {k}-fold average, smoothed")
labkit.save_figure(figure, args, "boston_housing_kfold")

# The final model: all training houses, as many epochs as the curve suggests.
model = build_model()
model.fit(train_data, train_targets, epochs=5 if args.quick else 80, batch_size=16, verbose=0)
test_mse_score, test_mae_score = model.evaluate(test_data, test_targets, verbose=0)
print(f"test MAE: {test_mae_score:.3f} (thousand dollars)")
