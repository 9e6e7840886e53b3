"""Lab (notes 004): which of 46 topics is a Reuters newswire about? (multi-class)

    python examples/reuters_topics.py [--quick] [--out FOLDER] [--seed N]

The notes follow "Deep Learning with Python": decode a newswire back to words, encode
each as a 10,000-long 0/1 vector and its topic one-hot, and train a 64-64-46 softmax
network with RMSprop. A 20-epoch run with 1,000 newswires held out shows overfitting
starting around epoch 9; a fresh model trained 9 epochs scores about 78% on the test set.
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras

args = labkit.parse_args(__doc__.splitlines()[0])
reuters, models, layers = keras.datasets.reuters, keras.models, keras.layers
to_categorical = keras.utils.to_categorical

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10000)
train_data, train_labels = labkit.take(args.quick, 800, train_data, train_labels)
test_data, test_labels = labkit.take(args.quick, 300, test_data, test_labels)
print(f"{len(train_data)} training and {len(test_data)} test newswires")

# Indices are offset by 3: 0, 1 and 2 mean padding, start of sequence and unknown word.
word_index = reuters.get_word_index()
reverse_word_index = dict([(value, key) for (key, value) in word_index.items()])
decoded_newswire = " ".join([reverse_word_index.get(i - 3, "?") for i in train_data[0]])
print("newswire 0:", decoded_newswire[:300])
print("its topic:", train_labels[0])


def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)
one_hot_train_labels = to_categorical(train_labels, 46)
one_hot_test_labels = to_categorical(test_labels, 46)


def build_model():
    model = models.Sequential()
    model.add(layers.Dense(64, activation="relu", input_shape=(10000,)))
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(46, activation="softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


split = min(1000, len(x_train) // 4)  # hold out 1,000 newswires (fewer of a smaller set)
x_val, partial_x_train = x_train[:split], x_train[split:]
y_val, partial_y_train = one_hot_train_labels[:split], one_hot_train_labels[split:]

model = build_model()
history = model.fit(partial_x_train, partial_y_train, epochs=4 if args.quick else 20,
                    batch_size=512, validation_data=(x_val, y_val), verbose=2)
print(f"lowest validation loss at epoch {int(np.argmin(history.history['val_loss'])) + 1}")

plt = labkit.pyplot()
for metric, title in (("loss", "Training and validation loss"),
                      ("accuracy", "Training and validation accuracy")):
    values = history.history[metric]
    epochs = range(1, len(values) + 1)
    figure = plt.figure(figsize=(6, 4))
    plt.plot(epochs, values, "bo", label=f"Training {metric}")
    plt.plot(epochs, history.history[f"val_{metric}"], "b", label=f"Validation {metric}")
    plt.title(title)
    plt.xlabel("Epochs")
    plt.ylabel(metric.capitalize())
    plt.legend()
    labkit.save_figure(figure, args, f"reuters_topics_{metric}")

model = build_model()
model.fit(partial_x_train, partial_y_train, epochs=2 if args.quick else 9, batch_size=512,
          validation_data=(x_val, y_val), verbose=2)
results = model.evaluate(x_test, one_hot_test_labels)
print("test loss, test accuracy:", results)
predictions = model.predict(x_test)
print("predicted topic of test newswire 0:", int(np.argmax(predictions[0])),
      f"(probabilities sum to {predictions[0].sum():.4f})")
