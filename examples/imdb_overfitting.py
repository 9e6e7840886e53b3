"""Lab (notes 002): overfitting on IMDB reviews, and two cures: L2 weight decay and dropout.

    python examples/imdb_overfitting.py [--quick] [--out FOLDER] [--seed N]

The notes' setup: the 1,000 most frequent words, each review as a 1,000-long 0/1 vector,
a 16-16-1 network trained 20 epochs (batch 512, Adam) with the test reviews as validation
data. The training loss keeps falling while the validation loss turns up: overfitting.
The same network with `kernel_regularizer=l2(0.001)`, and with Dropout(0.5) after each
hidden layer, overfits less. (The notes' dropout model says input_shape=(10000,), a slip:
the data has 1,000 columns.)
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])

# num_words=1000: keep the 1,000 most frequent words (by frequency rank).
(train_data, train_labels), (test_data, test_labels) = \
    keras.datasets.imdb.load_data(num_words=1000)
train_data, train_labels = labkit.take(args.quick, 1000, train_data, train_labels)
test_data, test_labels = labkit.take(args.quick, 500, test_data, test_labels)


def one_hot_sequences(sequences, dimension=1000):
    """Each review as a 0/1 vector: 1 where the word occurs (float32 halves the memory)."""
    results = numpy.zeros((len(sequences), dimension), dtype="float32")
    for i, word_index in enumerate(sequences):
        results[i, word_index] = 1.0
    return results


train_data = one_hot_sequences(train_data)
test_data = one_hot_sequences(test_data)


def build(kind):
    """The notes' three networks: "baseline", "l2" and "dropout"."""
    regularizer = keras.regularizers.l2(0.001) if kind == "l2" else None
    model = keras.Sequential()
    model.add(keras.layers.Dense(16, kernel_regularizer=regularizer, activation="relu",
                                 input_shape=(1000,)))
    if kind == "dropout":
        model.add(keras.layers.Dropout(0.5))
    model.add(keras.layers.Dense(16, kernel_regularizer=regularizer, activation="relu"))
    if kind == "dropout":
        model.add(keras.layers.Dropout(0.5))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


epochs = 4 if args.quick else 20
histories = {}
for kind in ("baseline", "l2", "dropout"):
    print(f"== {kind} ==")
    model = build(kind)
    history = model.fit(train_data, train_labels, epochs=epochs, batch_size=512,
                        validation_data=(test_data, test_labels), verbose=2)
    histories[kind] = history.history
    best = int(numpy.argmin(history.history["val_loss"]))
    print(f"{kind}: lowest val_loss {history.history['val_loss'][best]:.4f} at epoch {best + 1}, "
          f"final val_loss {history.history['val_loss'][-1]:.4f}, "
          f"final val_accuracy {history.history['val_accuracy'][-1]:.4f}")

plt = labkit.pyplot()
# The notes' figure: the baseline's training and validation loss.
history = histories["baseline"]
figure = plt.figure(figsize=(6, 4))
plt.plot(range(1, epochs + 1), history["loss"])
plt.plot(range(1, epochs + 1), history["val_loss"])
plt.title("Loss Plot")
plt.ylabel("loss")
plt.xlabel("epochs")
plt.legend(["train error", "val error"], loc="upper left")
labkit.save_figure(figure, args, "imdb_overfitting_loss")

# The three networks side by side, with the library's plot_history.
figure, axes = plt.subplots(1, 3, figsize=(14, 3.8), sharey=True)
for ax, (kind, logs) in zip(axes, histories.items()):
    keras.utils.plot_history(logs, metrics="loss", ax=ax, title=kind)
figure.suptitle("IMDB, 1,000 words: training vs validation loss")
figure.tight_layout()
labkit.save_figure(figure, args, "imdb_overfitting_compare")
