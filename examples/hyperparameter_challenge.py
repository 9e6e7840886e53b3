"""Lab (notes 001, challenge problems): how hidden units, batch size and the hidden
activation change the MNIST MLP's accuracy.

    python examples/hyperparameter_challenge.py [--quick] [--out FOLDER] [--seed N]

Starts from the notes' model (512 relu units, batch 128, 5 epochs, RMSprop, MSE) and
changes one hyper-parameter at a time: (1) the number of hidden units, (2) the batch size,
(3) relu -> sigmoid in the hidden layer. Every run starts from the same seed.
"""
import time

import labkit  # first: it lets the lab run from a source checkout without installing
from mnist_mlp import build_model, load_mnist

import numkeras as keras

BASE = {"units": 512, "batch_size": 128, "activation": "relu"}
CHALLENGES = {
    "units": [32, 128, 512, 1024],
    "batch_size": [32, 128, 512],
    "activation": ["relu", "sigmoid"],
}
TITLES = {"units": "(1) hidden units", "batch_size": "(2) batch size",
          "activation": "(3) hidden activation"}


def run(settings, data, epochs, seed):
    """Trains one model; returns its test accuracy and the seconds it took."""
    (train_images, train_labels), (test_images, test_labels) = data
    keras.utils.set_random_seed(seed)  # same initial weights and batch order for each run
    model = build_model(units=settings["units"], activation=settings["activation"])
    started = time.perf_counter()
    model.fit(train_images, train_labels, epochs=epochs, batch_size=settings["batch_size"],
              verbose=0)
    _, accuracy = model.evaluate(test_images, test_labels, verbose=0)
    return accuracy, time.perf_counter() - started


def main():
    args = labkit.parse_args(__doc__.splitlines()[0])
    data = load_mnist(args.quick)
    epochs = 1 if args.quick else 5
    results, cache = {}, {}
    for name, values in CHALLENGES.items():
        print(f"{TITLES[name]}:")
        for value in values:
            settings = {**BASE, name: value}
            key = tuple(sorted(settings.items()))
            if key not in cache:  # the base model appears in every challenge: train it once
                cache[key] = run(settings, data, epochs, args.seed)
            accuracy, seconds = cache[key]
            results.setdefault(name, []).append(accuracy)
            print(f"  {name}={value!s:<8} test accuracy {accuracy:.4f}  ({seconds:.1f} s)")

    plt = labkit.pyplot()
    figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, (name, values) in zip(axes, CHALLENGES.items()):
        labels = [str(v) for v in values]
        bars = ax.bar(labels, results[name], color=["tab:orange" if v == BASE[name] else
                                                   "tab:blue" for v in values])
        ax.bar_label(bars, fmt="%.4f", fontsize=8)
        low, high = min(results[name]), max(results[name])
        ax.set_ylim(max(0.0, low - 0.05), high + 0.15 * (high - low) + 0.01)  # room for labels
        ax.set_title(TITLES[name])
        ax.set_xlabel(name)
        ax.set_ylabel("test accuracy")
    figure.suptitle(f"MNIST MLP, {epochs} epoch(s); orange = the notes' setting")
    figure.tight_layout()
    labkit.save_figure(figure, args, "hyperparameter_challenge")


if __name__ == "__main__":
    main()
