"""Lab (notes 004): is a movie review positive or negative? (binary classification)

    python examples/imdb_binary.py [--quick] [--out FOLDER] [--seed N]

The notes follow "Deep Learning with Python": the 10,000 most frequent words, each review
as a 10,000-long 0/1 vector, a 16-16-1 network with RMSprop. A 20-epoch run with 10,000
reviews held out shows where validation loss turns up (around epoch 4); a fresh model
trained 4 epochs on all 25,000 reviews then scores about 88% on the test reviews.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
imdb, models, layers = keras.datasets.imdb, keras.models, keras.layers

(train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)
train_data, train_labels = labkit.take(args.quick, 1000, train_data, train_labels)
test_data, test_labels = labkit.take(args.quick, 500, test_data, test_labels)
print(f"{len(train_data)} training and {len(test_data)} test reviews")


def vectorize_sequences(sequences, dimension=10000):
    """Multi-hot encoding; float32 halves the notes' float64 memory (1 GB per 25,000)."""
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)
y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")


def build_model():
    model = models.Sequential()
    model.add(layers.Dense(16, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(16, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])
    return model


# Hold out the first 10,000 reviews (40% of a smaller set) to watch for overfitting.
split = min(10000, len(x_train) * 2 // 5)
x_val, partial_x_train = x_train[:split], x_train[split:]
y_val, partial_y_train = y_train[:split], y_train[split:]

model = build_model()
history = model.fit(partial_x_train, partial_y_train, epochs=4 if args.quick else 20,
                    batch_size=512, validation_data=(x_val, y_val), verbose=2)
history_dict = history.history
best = int(np.argmin(history_dict["val_loss"])) + 1
print(f"lowest validation loss at epoch {best}")

plt = labkit.pyplot()
for metric, title in (("loss", "Training and validation loss"),
                      ("acc", "Training and validation accuracy")):
    epochs = range(1, len(history_dict[metric]) + 1)
    figure = plt.figure(figsize=(6, 4))
    plt.plot(epochs, history_dict[metric], "bo", label=f"Training {metric}")
    plt.plot(epochs, history_dict[f"val_{metric}"], "b", label=f"Validation {metric}")
    plt.title(title)
    plt.xlabel("Epochs")
    plt.ylabel("Loss" if metric == "loss" else "Accuracy")
    plt.legend()
    labkit.save_figure(figure, args, f"imdb_binary_{metric}")

# A fresh model, trained only as long as it generalises, on all the training reviews.
model = build_model()
model.fit(x_train, y_train, epochs=4, batch_size=512, verbose=2)
results = model.evaluate(x_test, y_test)
print("test loss, test accuracy:", results)
print("predictions for the first 5 test reviews:", model.predict(x_test[:5], verbose=0).ravel())
