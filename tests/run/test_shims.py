"""The shim modules: what `tensorflow` / `keras` names map to, inside a compat session."""
import pickle
import subprocess
import sys

import numpy as np
import pytest
from run_paths import REPO

import numkeras
from numkeras.compat import session
from numkeras.compat.errors import MissingAPIError, MissingModuleError


@pytest.fixture
def active():
    with session.activated():
        yield
    assert not any(n.partition(".")[0] in ("tensorflow", "keras", "tf_keras") for n in sys.modules)
    assert not any(type(f).__name__ == "ShimFinder" for f in sys.meta_path)


def test_keras_names_are_numkeras_objects(active):
    import tensorflow as tf
    import tf_keras
    from keras.datasets import imdb
    from keras.layers.core import Dropout
    from keras.utils.np_utils import to_categorical
    from tensorflow import keras
    from tensorflow.keras import datasets, layers, models
    from tensorflow.keras.preprocessing.sequence import pad_sequences
    from tensorflow.keras.wrappers.scikit_learn import KerasClassifier

    assert tf.keras is keras and tf.keras.layers is layers
    assert layers.Dense is numkeras.layers.Dense is tf_keras.layers.Dense
    assert models.Sequential is numkeras.Sequential and keras.Input is numkeras.Input
    assert datasets.mnist.load_data is numkeras.datasets.mnist.load_data
    assert imdb.load_data is numkeras.datasets.imdb.load_data and Dropout is numkeras.layers.Dropout
    assert to_categorical is numkeras.utils.to_categorical
    assert tf.keras.utils.to_categorical is numkeras.utils.to_categorical
    assert pad_sequences([[1, 2]], maxlen=3).tolist() == [[0, 1, 2]]
    from numkeras.wrappers.scikit_learn import KerasClassifier as ours

    assert KerasClassifier is ours
    assert tf.keras.optimizers.RMSprop is numkeras.optimizers.RMSprop
    assert tf.keras.models.load_model is numkeras.saving.load_model


def test_backend_helpers(active):
    from tensorflow.keras import backend as K

    numkeras.layers.Dense(1)
    K.clear_session()
    assert numkeras.layers.Dense(1).name == "dense"
    assert K.epsilon() == pytest.approx(1e-7) and K.floatx() == "float32"
    assert float(K.mean(np.array([1.0, 3.0]))) == 2.0  # Keras 2's K.mean and friends: numkeras.ops


def test_tf_functions(active):
    import tensorflow as tf

    assert tf.constant([1.0, 2.0]).dtype == np.float32 and tf.constant([1, 2]).dtype == np.int32
    assert float(tf.reduce_mean(tf.constant([[1.0, 2.0], [3.0, 6.0]]))) == 3.0
    assert tf.reduce_sum(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axis=0).numpy().tolist() == [4, 8]
    assert tf.argmax(tf.constant([[1, 5], [3, 2]])).numpy().tolist() == [1, 0]  # axis 0 by default
    assert tf.one_hot([0, 2], 3).numpy().tolist() == [[1, 0, 0], [0, 0, 1]]
    assert tf.cast(tf.constant([1.7]), tf.int32).numpy().tolist() == [1]
    assert tf.float32.name == "float32" and np.zeros(2).astype(tf.float32).dtype == np.float32
    w = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        loss = tf.square(w)
    assert float(tape.gradient(loss, w)) == 6.0
    assert tf.config.list_physical_devices("GPU") == [] and tf.test.is_gpu_available() is False
    assert tf.config.experimental.set_memory_growth(None, True) is None

    @tf.function
    def double(x):
        return 2 * x

    assert double(2) == 4 and tf.function(jit_compile=True)(double) is double
    assert tf.__version__.startswith("2.") and tf.executing_eagerly()


def test_tf_data_is_numkeras_data(active):
    import tensorflow as tf

    import numkeras.data

    assert tf.data.Dataset is numkeras.data.Dataset and tf.data.AUTOTUNE == -1
    assert tf.data.experimental.AUTOTUNE == -1 and tf.TensorSpec is numkeras.data.TensorSpec
    ds = tf.data.Dataset.from_tensor_slices(np.arange(10.0)).batch(4)
    assert tf.data.experimental.cardinality(ds) == 3
    assert tf.data.experimental.cardinality(ds.repeat()) == tf.data.experimental.INFINITE_CARDINALITY


def test_more_tf_helpers(active):
    import tensorflow as tf

    assert tf.version.VERSION == tf.__version__
    assert tf.linspace(0.0, 1.0, 5).numpy().tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    parts = tf.split(tf.reshape(tf.range(12.0), (2, 6)), [1, -1, 2], axis=1)
    assert [p.shape for p in parts] == [(2, 1), (2, 3), (2, 2)]
    assert [p.shape for p in tf.split(tf.zeros((4, 6)), 3, axis=1)] == [(4, 2)] * 3
    assert tf.tile(tf.constant([[1, 2]]), [2, 2]).numpy().tolist() == [[1, 2, 1, 2], [1, 2, 1, 2]]
    assert tf.shape(tf.zeros((2, 3))).numpy().tolist() == [2, 3]
    assert tf.config.list_physical_devices() == tf.config.list_physical_devices("CPU")

    @tf.function(reduce_retracing=True)
    def triple(x):
        return 3 * x

    assert triple(2) == 6
    with pytest.raises(NotImplementedError, match="model.save"):
        tf.saved_model.save(None, "export")
    v = tf.Variable(tf.zeros((3, 1)))
    v[0, 0].assign(3.0)
    assert v.numpy().ravel().tolist() == [3.0, 0.0, 0.0]


def test_set_seed_seeds_numkeras_only(active):
    import tensorflow as tf

    np.random.seed(0)
    expected = np.random.rand()
    np.random.seed(0)
    tf.random.set_seed(5)
    first = tf.random.normal((3,)).numpy()
    assert np.random.rand() == expected  # NumPy's global stream untouched, as with TensorFlow
    tf.random.set_seed(5)
    assert np.array_equal(tf.random.normal((3,)).numpy(), first)


def test_missing_api_errors(active):
    import tensorflow as tf

    assert not hasattr(tf.keras.layers, "MelSpectrogram")  # probing code keeps working
    with pytest.raises(MissingAPIError) as error:
        tf.keras.layers.MelSpectrogram
    assert isinstance(error.value, NotImplementedError)
    assert str(error.value).startswith("numkeras does not provide tensorflow.keras.layers.MelSpectrogram "
                                       "(yet). Available in tensorflow.keras.layers: Activation, ")
    assert "core" not in str(error.value)  # Keras 2 aliases are served but not advertised
    with pytest.raises(MissingModuleError, match="the module tensorflow.lite"):
        import tensorflow.lite  # noqa: F401
    with pytest.raises(MissingAPIError, match="tensorflow.np"):
        tf.np  # numkeras's own imports are not TensorFlow API
    with pytest.raises(MissingAPIError, match="keras.optimizers.nonexistent"):
        import keras

        keras.optimizers.nonexistent


def test_errors_survive_pickling():
    # Raised in a GridSearchCV worker, they travel back to the parent process pickled.
    error = pickle.loads(pickle.dumps(MissingAPIError("keras.layers", "Conv3D", ["Conv2D"])))
    assert str(error) == ("numkeras does not provide keras.layers.Conv3D (yet). Did you mean "
                          "keras.layers.Conv2D? Available in keras.layers: Conv2D.")
    error = pickle.loads(pickle.dumps(MissingModuleError("tensorflow.data")))
    assert str(error) == "numkeras does not provide the module tensorflow.data (yet)."
    assert error.name == "tensorflow.data"


def test_star_import_and_dir(active):
    namespace = {}
    exec("from tensorflow.keras.layers import *", namespace)
    assert namespace["Dense"] is numkeras.layers.Dense
    import keras

    assert {"layers", "models", "datasets", "Sequential"} <= set(dir(keras))


def test_shims_pickle_by_name(active):
    import tensorflow as tf

    data = pickle.dumps(tf.keras.layers)
    assert pickle.loads(data) is tf.keras.layers


def test_unpickled_outside_a_run_without_touching_imports():
    with session.activated():
        import tensorflow as tf

        data = pickle.dumps(tf)
    meta_path = list(sys.meta_path)
    restored = pickle.loads(data)
    assert restored.keras.layers.Dense is numkeras.layers.Dense
    assert sys.meta_path == meta_path and "tensorflow" not in sys.modules


def test_unpickled_in_a_run_worker_activates_the_session():
    with session.activated():
        import tensorflow as tf

        data = pickle.dumps(tf.keras)
    code = ("import pickle, sys\n"
            "keras = pickle.loads(sys.stdin.buffer.read())\n"
            "import tensorflow as tf\n"
            "print(keras is tf.keras, tf.keras.Sequential.__module__)\n")
    result = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                            env={"PYTHONPATH": str(REPO), "NUMKERAS_RUN": "1", "PATH": ""})
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == "True numkeras.models.sequential\n"


def test_one_session_at_a_time(active):
    with pytest.raises(RuntimeError, match="already active"):
        session.activate()
