"""Lab: a convolutional autoencoder squeezes MNIST digits to 7x7x32 and draws them back.

    python examples/conv_autoencoder.py [--quick] [--out FOLDER] [--seed N]

Encoder: Conv2D + MaxPooling2D twice (28x28 -> 7x7); decoder: two stride-2 Conv2DTranspose
layers back to 28x28 and a sigmoid Conv2D; binary cross-entropy, Adam (the Keras example
"Convolutional autoencoder for image denoising", without the noise). Saves original digits
above their reconstructions. --quick trains 2 epochs on 1,000 images.
"""
import labkit  # first: it lets the lab run from a source checkout without installing

import numkeras as keras
from numkeras import layers


def build_autoencoder():
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(inputs)
    x = layers.MaxPooling2D((2, 2), padding="same")(x)
    x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(x)
    encoded = layers.MaxPooling2D((2, 2), padding="same")(x)
    x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(encoded)
    x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
    decoded = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)
    model = keras.Model(inputs, decoded, name="autoencoder")
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def main():
    args = labkit.parse_args(__doc__.splitlines()[0])
    (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    x_train = labkit.take(args.quick, 1000, x_train)[..., None].astype("float32") / 255
    x_test = labkit.take(args.quick, 300, x_test)[..., None].astype("float32") / 255
    model = build_autoencoder()
    model.summary()
    model.fit(x_train, x_train, epochs=2 if args.quick else 10, batch_size=128, shuffle=True,
              validation_data=(x_test, x_test), verbose=2)
    test_loss = model.evaluate(x_test, x_test, verbose=0)
    print(f"test reconstruction loss (binary cross-entropy): {test_loss:.4f}")
    reconstructed = model.predict(x_test[:10], verbose=0)

    plt = labkit.pyplot()
    figure, axes = plt.subplots(2, 10, figsize=(15, 3.4))
    for i in range(10):
        axes[0, i].imshow(x_test[i, ..., 0], cmap="gray")
        axes[1, i].imshow(reconstructed[i, ..., 0], cmap="gray")
        axes[0, i].axis("off")
        axes[1, i].axis("off")
    axes[0, 0].set_title("original", loc="left")
    axes[1, 0].set_title("reconstructed", loc="left")
    labkit.save_figure(figure, args, "conv_autoencoder_reconstructions")


if __name__ == "__main__":
    main()
