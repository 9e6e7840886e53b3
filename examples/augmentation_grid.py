"""Lab (notes 002, data augmentation): a grid of randomly augmented MNIST digits.

    python examples/augmentation_grid.py [--quick] [--out FOLDER] [--seed N]

Each row is one training digit: the original, then the same digit through the augmentation
layers a model would train with (RandomRotation, RandomZoom, RandomTranslation,
RandomContrast), called with training=True as `fit` does. At inference (training=False) the
layers pass the images through unchanged, which the lab checks. Saves
`<out>/augmentation_grid.png`.
"""
import time

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np


def augmenter(seed):
    import numkeras as keras
    from numkeras import layers

    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.RandomRotation(0.1, fill_mode="constant", seed=seed),
        layers.RandomZoom(0.15, fill_mode="constant", seed=seed + 1),
        layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed + 2),
        layers.RandomContrast(0.3, value_range=(0, 1), seed=seed + 3),
    ])


def main():
    args = labkit.parse_args(__doc__.splitlines()[0])
    import numkeras as keras

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    rows, columns = (4, 5) if args.quick else (8, 9)
    picks = [int(np.flatnonzero(y_train == digit)[0]) for digit in range(rows)]
    digits = x_train[picks].astype("float32")[..., None] / 255.0
    model = augmenter(args.seed)

    started = time.perf_counter()
    augmented = np.stack([model(digits, training=True).numpy() for _ in range(columns - 1)], axis=1)
    elapsed = time.perf_counter() - started
    untouched = model.predict(digits, verbose=0)
    assert np.array_equal(untouched, digits), "augmentation must be the identity at inference"
    print(f"augmented {rows} digits x {columns - 1} draws in {elapsed * 1000:.1f} ms; "
          f"inference leaves them unchanged: True")
    changed = np.abs(augmented - digits[:, None]).mean()
    print(f"mean absolute pixel change of an augmented digit: {changed:.3f}")

    plt = labkit.pyplot()
    figure, axes = plt.subplots(rows, columns, figsize=(1.3 * columns, 1.3 * rows))
    for r in range(rows):
        images = [digits[r]] + list(augmented[r])
        for c, image in enumerate(images):
            axes[r, c].imshow(image[..., 0], cmap="gray", vmin=0, vmax=1)
            axes[r, c].axis("off")
        axes[r, 0].set_title("original" if r == 0 else "", fontsize=8)
    axes[0, 1].set_title("augmented (training=True) →", fontsize=8, loc="left")
    labkit.save_figure(figure, args, "augmentation_grid")


if __name__ == "__main__":
    main()
