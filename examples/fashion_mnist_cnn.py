"""Lab: a small CNN classifies Fashion-MNIST clothes (compare with fashion_mnist_dnn.py).

    python examples/fashion_mnist_cnn.py [--quick] [--out FOLDER] [--seed N]

Conv2D(32) -> MaxPooling2D -> Conv2D(64) -> MaxPooling2D -> Flatten -> Dense(128) ->
Dropout(0.3) -> Dense(10, softmax); Adam, sparse categorical cross-entropy, 5 epochs of 128.
--quick trains 2 epochs on 2,000 images. Draws test images with their predicted labels.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras
from numkeras import layers

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot"]


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.3),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main():
    args = labkit.parse_args(__doc__.splitlines()[0])
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    x_train, y_train = labkit.take(args.quick, 2000, x_train, y_train)
    x_test, y_test = labkit.take(args.quick, 500, x_test, y_test)
    x_train = x_train[..., None].astype("float32") / 255
    x_test = x_test[..., None].astype("float32") / 255
    print("x_train:", x_train.shape, "x_test:", x_test.shape)
    model = build_model()
    model.summary()
    model.fit(x_train, y_train, epochs=2 if args.quick else 5, batch_size=128, validation_split=0.1,
              verbose=2)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test loss, test accuracy: [{loss:.4f}, {accuracy:.4f}]")

    predicted = np.argmax(model.predict(x_test[:15], verbose=0), axis=1)
    plt = labkit.pyplot()
    figure, axes = plt.subplots(3, 5, figsize=(10, 6.5))
    for ax, image, guess, truth in zip(axes.flat, x_test, predicted, y_test):
        ax.imshow(image[..., 0], cmap="binary")
        ax.set_title(CLASS_NAMES[guess], color="blue" if guess == truth else "red", fontsize=9)
        ax.axis("off")
    figure.suptitle("Fashion-MNIST CNN: predictions (red = wrong)")
    labkit.save_figure(figure, args, "fashion_mnist_cnn_predictions")


if __name__ == "__main__":
    main()
