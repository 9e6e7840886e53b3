"""Lab: a small Transformer reads IMDB reviews (token + position embedding, one encoder block)

    python examples/imdb_transformer.py [--quick] [--out FOLDER] [--seed N]

Keras's "Text classification with Transformer" example: reviews cut to 200 words of the
20,000 most frequent, each word and each position embedded in 32 numbers and added, one
encoder block (2-head self-attention, a 32-unit feed-forward layer, residual additions and
layer normalisation), the mean over positions, then dropout and two Dense layers. Keras's
example reports about 88% test accuracy after 2 epochs on the real reviews; the real
imdb.npz is not part of this repository's test data, so the tests run it on stand-in files
of the same format, where labels are random and accuracy is near 50%.
"""
import time

import labkit  # first: it lets the lab run from a source checkout without installing
import numpy as np

import numkeras as keras
from numkeras import layers, ops

args = labkit.parse_args(__doc__.splitlines()[0])
VOCABULARY, MAXLEN = 20000, (64 if args.quick else 200)
EMBED, HEADS, FEED_FORWARD = 32, 2, 32

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=VOCABULARY)
x_train, y_train = labkit.take(args.quick, 640, x_train, y_train)
x_test, y_test = labkit.take(args.quick, 200, x_test, y_test)
print(f"{len(x_train)} training and {len(x_test)} test reviews")
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)


class TransformerBlock(layers.Layer):
    """Self-attention and a feed-forward layer, each added back to its input and normalised."""

    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attended = self.dropout1(self.att(inputs, inputs), training=training)
        out1 = self.layernorm1(inputs + attended)
        return self.layernorm2(out1 + self.dropout2(self.ffn(out1), training=training))


class TokenAndPositionEmbedding(layers.Layer):
    """The embedding of each word id plus the embedding of its position."""

    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = self.pos_emb(np.arange(x.shape[-1]))
        return self.token_emb(x) + positions


inputs = keras.Input(shape=(MAXLEN,))
x = TokenAndPositionEmbedding(MAXLEN, VOCABULARY, EMBED)(inputs)
x = TransformerBlock(EMBED, HEADS, FEED_FORWARD)(x)
x = layers.Lambda(lambda t: ops.mean(t, axis=1))(x)  # GlobalAveragePooling1D
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()

started = time.perf_counter()
history = model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_test, y_test), verbose=2)
print(f"training took {time.perf_counter() - started:.1f} s")
results = model.evaluate(x_test, y_test, verbose=0)
print("test loss, test accuracy:", results)

plt = labkit.pyplot()
figure = plt.figure(figsize=(6, 4))
epochs = range(1, len(history.history["accuracy"]) + 1)
plt.plot(epochs, history.history["accuracy"], "bo", label="Training accuracy")
plt.plot(epochs, history.history["val_accuracy"], "b", label="Validation accuracy")
plt.title("Transformer on IMDB reviews")
plt.xlabel("Epochs")
plt.ylabel("Accuracy")
plt.legend()
labkit.save_figure(figure, args, "imdb_transformer_accuracy")
