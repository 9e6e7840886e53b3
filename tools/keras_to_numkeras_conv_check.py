"""Real Keras 3 saves convolutional models -> numkeras loads and predicts them (the other way
round from keras_interop_check.py). Every conv/pool/spatial layer appears in one of three models.

    python tools/keras_to_numkeras_conv_check.py      # needs Keras 3 + JAX in this Python

Part 1 (a child process with KERAS_BACKEND=jax) builds, trains one step and saves each model
with its inputs and Keras's predictions; part 2 (this process) loads them with numkeras and
compares. Exit code 0 when every model matches to 1e-5.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TOLERANCE = 1e-5

KERAS_SIDE = r'''
import sys
import numpy as np
import keras
from keras import layers as L
folder = sys.argv[1]
rng = np.random.default_rng(0)
models = {
    "conv2d_family": keras.Sequential([
        keras.Input((8, 8, 3)), L.Conv2D(4, 3, activation="relu"), L.BatchNormalization(),
        L.MaxPooling2D(), L.SeparableConv2D(3, 2, padding="same"),
        L.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1), L.DepthwiseConv2D(2),
        L.UpSampling2D(interpolation="bilinear"), L.ZeroPadding2D(1), L.Cropping2D(((1, 0), (0, 1))),
        L.AveragePooling2D(3, strides=2, padding="same"), L.SpatialDropout2D(0.2),
        L.GlobalMaxPooling2D(), L.Dense(2)]),
    "conv1d_family": keras.Sequential([
        keras.Input((10, 3)), L.Conv1D(4, 3, padding="causal", dilation_rate=2),
        L.Conv1DTranspose(2, 3, strides=2), L.SeparableConv1D(3, 2), L.DepthwiseConv1D(2),
        L.MaxPooling1D(), L.UpSampling1D(), L.ZeroPadding1D(), L.Cropping1D(),
        L.AveragePooling1D(2, padding="same"), L.SpatialDropout1D(0.1), L.GlobalAveragePooling1D()]),
    "conv3d_family_channels_first": keras.Sequential([
        keras.Input((2, 4, 4, 4)), L.Conv3D(2, 2, data_format="channels_first"),
        L.Conv3DTranspose(2, 2, padding="same"), L.MaxPooling3D(1), L.UpSampling3D(1),
        L.ZeroPadding3D(1), L.Cropping3D(1), L.AveragePooling3D(1), L.SpatialDropout3D(0.1),
        L.GlobalMaxPooling3D(keepdims=True), L.Flatten(), L.Dense(1)]),
}
for name, model in models.items():
    x = rng.random((3,) + model.input_shape[1:]).astype("float32")
    model.compile("adam", "mse")
    model.fit(x, rng.random((3,) + model.output_shape[1:]).astype("float32"), verbose=0)
    model.save(f"{folder}/{name}.keras")
    np.savez(f"{folder}/{name}.npz", x=x, y=np.asarray(model.predict(x, verbose=0)))
print(keras.__version__, *models)
'''


def main():
    import numkeras

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, KERAS_BACKEND=os.environ.get("KERAS_BACKEND", "jax"))
        child = subprocess.run([sys.executable, "-c", KERAS_SIDE, folder], env=env, capture_output=True,
                               text=True, check=False)
        if child.returncode != 0:
            print(child.stderr[-3000:])
            return 2
        version, *names = child.stdout.split()
        print(f"Keras {version} -> numkeras: {len(names)} models saved by Keras, loaded by numkeras")
        failures = 0
        for name in names:
            data = np.load(os.path.join(folder, name + ".npz"))
            try:
                model = numkeras.models.load_model(os.path.join(folder, name + ".keras"))
                diff = float(np.max(np.abs(model.predict(data["x"], verbose=0) - data["y"])))
                ok = diff <= TOLERANCE
                print(f"{name:32s} max |pred diff| {diff:9.3g}  {len(model.layers)} layers  "
                      f"{'OK' if ok else 'FAIL'}")
            except Exception as error:  # report and go on to the next model
                ok = False
                print(f"{name:32s} FAIL {type(error).__name__}: {error}"[:300])
            failures += not ok
    print(f"{len(names) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
