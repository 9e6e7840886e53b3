"""Lab: a bidirectional LSTM reads raw review text through TextVectorization (the issue's model)

    python examples/text_bilstm.py [--quick] [--out FOLDER] [--seed N]

Raw strings go into the model: TextVectorization (10,000 words, 500 tokens) adapted on the
training texts, Embedding(10000, 32, mask_zero=True), Bidirectional(LSTM(32,
return_sequences=True)), LSTM(32), Dense(1, sigmoid), RMSprop, batch 128, 20% held out. The
texts are IMDB reviews decoded back to words with the word index; the real imdb.npz is not
part of this repository's test data, so the tests run on stand-in files of the same format
(random words, random labels: accuracy near 50%).
"""
import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras
from numkeras import layers

args = labkit.parse_args(__doc__.splitlines()[0])
MAX_TOKENS, LENGTH = 10000, (60 if args.quick else 500)

(train_ids, train_labels), _ = keras.datasets.imdb.load_data(num_words=MAX_TOKENS)
train_ids, train_labels = labkit.take(args.quick, 512, train_ids, train_labels)
words = {i + 3: w for w, i in keras.datasets.imdb.get_word_index().items()}
train_texts = np.array([" ".join(words.get(i, "?") for i in review[1:]) for review in train_ids])
train_labels = np.asarray(train_labels, "float32")
print(f"{len(train_texts)} reviews; the first begins: {train_texts[0][:80]!r}")

vectorize = layers.TextVectorization(max_tokens=MAX_TOKENS, output_sequence_length=LENGTH)
vectorize.adapt(train_texts)
print(f"vocabulary: {vectorize.vocabulary_size()} tokens, first {vectorize.get_vocabulary()[:6]}")
model = keras.Sequential([
    keras.Input(shape=(1,), dtype="string"), vectorize,
    layers.Embedding(MAX_TOKENS, 32, mask_zero=True),
    layers.Bidirectional(layers.LSTM(32, return_sequences=True)),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])
history = model.fit(train_texts[:, None], train_labels, epochs=2 if args.quick else 10, batch_size=128,
                    validation_split=0.2, verbose=2)
print("final validation accuracy:", history.history["val_acc"][-1])
