"""Lab (notes 003): Fashion-MNIST with logistic regression, then as a one-layer network.

    python examples/fashion_mnist_logistic.py [--quick] [--out FOLDER] [--seed N]

First scikit-learn's SGDClassifier (logistic loss, 5 passes) scored by 5-fold
cross-validation (the notes: 0.8196), then the same model as a Keras network: one
Dense(10, softmax) layer on the 784 pixels, trained 5 epochs on 80% of the training set
and evaluated on the other 20% (the notes: 0.8463). Needs scikit-learn.
"""
import warnings

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
model_selection = labkit.require("sklearn.model_selection", "scikit-learn")
linear_model = labkit.require("sklearn.linear_model", "scikit-learn")
exceptions = labkit.require("sklearn.exceptions", "scikit-learn")

(train_input, train_target), (test_input, test_target) = keras.datasets.fashion_mnist.load_data()
train_input, train_target = labkit.take(args.quick, 3000, train_input, train_target)
print(train_input.shape, train_target.shape)
print(test_input.shape, test_target.shape)

plt = labkit.pyplot()
figure, axs = plt.subplots(1, 10, figsize=(10, 1.4))
for i in range(10):
    axs[i].imshow(train_input[i], cmap="gray_r")
    axs[i].axis("off")
labkit.save_figure(figure, args, "fashion_mnist_first_ten")

print([int(train_target[i]) for i in range(10)])
print(np.unique(train_target, return_counts=True))

# Pixel values 0-255 scaled to [0, 1], each image flattened to 784 values.
train_scaled = train_input / 255.0
train_scaled = train_scaled.reshape(-1, 28 * 28)
print(train_scaled.shape)

# Logistic regression by stochastic gradient descent ("log" is now called "log_loss").
sc = linear_model.SGDClassifier(loss="log_loss", max_iter=5, random_state=42)
with warnings.catch_warnings():  # 5 passes do not converge; the notes stop there on purpose
    warnings.simplefilter("ignore", exceptions.ConvergenceWarning)
    # n_jobs=-1 fits the folds in parallel; for --quick's tiny subset, starting the worker
    # processes would cost more than the fits.
    scores = model_selection.cross_validate(sc, train_scaled, train_target,
                                            n_jobs=1 if args.quick else -1)
print("SGDClassifier 5-fold accuracy:", np.mean(scores["test_score"]))

train_scaled, val_scaled, train_target, val_target = model_selection.train_test_split(
    train_scaled, train_target, test_size=0.2, random_state=42)
print(train_scaled.shape, train_target.shape)
print(val_scaled.shape, val_target.shape)
print(train_target[:10])

# A dense layer: 10 neurons, softmax, fed the 784 pixels.
dense = keras.layers.Dense(10, activation="softmax", input_shape=(784,))
model = keras.Sequential([dense])
model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(train_scaled, train_target, epochs=5)
print(model.evaluate(val_scaled, val_target))

path = labkit.figure_path(args, "fashion_mnist_logistic_history")
keras.utils.plot_history(history, title="Fashion-MNIST, one softmax layer", to_file=path)
print(f"saved figure: {path}")
