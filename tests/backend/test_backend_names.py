"""`keras.backend` answers the Keras 3 spellings scripts use, the same as `keras.config`."""
import numkeras as keras


def test_backend_name_and_settings_under_keras_backend():
    assert keras.backend.backend() == keras.config.backend() == "numpy"
    assert keras.backend.image_data_format() == keras.config.image_data_format() == "channels_last"
    assert keras.backend.floatx() == "float32" and keras.backend.epsilon() == 1e-7
