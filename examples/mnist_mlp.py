"""Lab (notes 001): an MLP recognises MNIST digits, and its loss/accuracy curve.

    python examples/mnist_mlp.py [--quick] [--legacy-rmsprop] [--out FOLDER] [--seed N]

The notes' model: Dense(512, relu) -> Dense(10, sigmoid), MSE loss, RMSprop, 5 epochs of
batch 128, on images flattened to 784 values in [0, 1] and one-hot labels.

About the accuracy: the notes show 0.9788, which tf.keras 2 reached: its RMSprop adds
epsilon *outside* the square root. Keras 3's RMSprop (and numkeras's, which follows it)
adds epsilon *inside* it; on this lab real Keras 3 reaches about 0.961, and so does
numkeras. `--legacy-rmsprop` uses `keras.optimizers.legacy.RMSprop`, the tf.keras 2 formula.
"""
import labkit  # first: it lets the lab run from a source checkout without installing

import numkeras as keras


def load_mnist(quick, quick_train_count=3000):
    """MNIST as the notes prepare it: (n, 784) float32 in [0, 1] and one-hot labels."""
    (train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()
    train_images, train_labels = labkit.take(quick, quick_train_count, train_images, train_labels)
    test_images, test_labels = labkit.take(quick, 1000, test_images, test_labels)
    train_images = train_images.reshape((len(train_images), 784)).astype("float32") / 255.0
    test_images = test_images.reshape((len(test_images), 784)).astype("float32") / 255.0
    train_labels = keras.utils.to_categorical(train_labels, 10)
    test_labels = keras.utils.to_categorical(test_labels, 10)
    return (train_images, train_labels), (test_images, test_labels)


def rmsprop(legacy):
    """Keras 3's RMSprop, or the tf.keras 2 variant the notes' numbers came from."""
    if not legacy:
        return "rmsprop"
    try:
        from numkeras.optimizers import legacy
    except ImportError:
        raise SystemExit("--legacy-rmsprop needs keras.optimizers.legacy.RMSprop, which this "
                         "numkeras version does not have.") from None
    return legacy.RMSprop()


def build_model(units=512, activation="relu", legacy_rmsprop=False):
    """The notes' MLP, compiled as in the notes."""
    model = keras.models.Sequential()
    model.add(keras.layers.Dense(units, activation=activation, input_shape=(784,)))
    model.add(keras.layers.Dense(10, activation="sigmoid"))
    model.compile(optimizer=rmsprop(legacy_rmsprop), loss="mse", metrics=["accuracy"])
    return model


def main():
    args = labkit.parse_args(__doc__.splitlines()[0], configure=lambda p: p.add_argument(
        "--legacy-rmsprop", action="store_true",
        help="tf.keras 2's RMSprop (epsilon outside the sqrt), as in the notes' run"))
    (train_images, train_labels), (test_images, test_labels) = load_mnist(args.quick)
    print("train_images:", train_images.shape, "test_images:", test_images.shape)

    plt = labkit.pyplot()
    figure = plt.figure(figsize=(3, 3))
    plt.imshow(train_images[0].reshape(28, 28), cmap="Greys")
    plt.title(f"train_images[0]: label {train_labels[0].argmax()}")
    labkit.save_figure(figure, args, "mnist_mlp_first_image")

    model = build_model(legacy_rmsprop=args.legacy_rmsprop)
    model.summary()
    epochs = 2 if args.quick else 5
    history = model.fit(train_images, train_labels, epochs=epochs, batch_size=128)
    test_loss, test_acc = model.evaluate(test_images, test_labels)
    print("테스트 정확도 (test accuracy):", test_acc)

    # The notes' figure: training loss and accuracy on one plot, against the epoch.
    loss = history.history["loss"]
    acc = history.history["accuracy"]
    epochs = range(1, len(loss) + 1)
    figure = plt.figure(figsize=(6, 4))
    plt.plot(epochs, loss, "b", label="Training Loss")
    plt.plot(epochs, acc, "r", label="Accuracy")
    plt.xlabel("epochs")
    plt.ylabel("loss/acc")
    plt.xticks(list(epochs))
    plt.legend()
    plt.title("MNIST MLP" + (" (legacy RMSprop)" if args.legacy_rmsprop else ""))
    suffix = "_legacy_rmsprop" if args.legacy_rmsprop else ""  # keep both runs' figures
    labkit.save_figure(figure, args, "mnist_mlp_history" + suffix)


if __name__ == "__main__":
    main()
