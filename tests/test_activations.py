"""Activations: every Keras 3 activation by name, with Keras's values and a gradient check."""
import numpy as np
import pytest

import numkeras as keras
from numkeras import activations
from numkeras.backend import set_floatx
from numkeras.backend.gradcheck import check_grads

X = np.array([[-3.5, -1.0, -0.25, 0.0, 0.3, 1.0, 2.5, 7.0]], dtype="float32")

# Keras 3.15.1 (JAX backend) outputs on X, from tools/activation_goldens.py.
GOLDEN = {
    'relu': [0.0, 0.0, 0.0, 0.0, 0.30000001192092896, 1.0, 2.5, 7.0],
    'sigmoid': [0.02931223064661026, 0.2689414322376251, 0.43782350420951843, 0.5, 0.5744425058364868, 0.7310585975646973, 0.9241418242454529, 0.9990890026092529],
    'softmax': [2.708137981244363e-05, 0.00032991875195875764, 0.000698438030667603, 0.0008968121837824583, 0.00121057010255754, 0.0024377882946282625, 0.010925408452749252, 0.9834739565849304],
    'tanh': [-0.9981779456138611, -0.7615941762924194, -0.24491865932941437, 0.0, 0.2913126051425934, 0.7615941762924194, 0.9866143465042114, 0.9999983310699463],
    'selu': [-1.7050093412399292, -1.1113307476043701, -0.38889017701148987, 0.0, 0.3152103126049042, 1.0507010221481323, 2.6267526149749756, 7.354907035827637],
    'softplus': [0.029750417917966843, 0.3132616877555847, 0.575939416885376, 0.6931471824645996, 0.8543552756309509, 1.3132617473602295, 2.578889846801758, 7.000911235809326],
    'elu': [-0.9698026180267334, -0.6321205496788025, -0.22119919955730438, 0.0, 0.30000001192092896, 1.0, 2.5, 7.0],
    'gelu': [-0.0008142017759382725, -0.15865527093410492, -0.10032342374324799, 0.0, 0.1853734254837036, 0.8413447141647339, 2.48447585105896, 7.0],
    'silu': [-0.10259281098842621, -0.2689414322376251, -0.10945587605237961, 0.0, 0.172332763671875, 0.7310585975646973, 2.310354471206665, 6.993622779846191],
    'swish': [-0.10259281098842621, -0.2689414322376251, -0.10945587605237961, 0.0, 0.172332763671875, 0.7310585975646973, 2.310354471206665, 6.993622779846191],
    'leaky_relu': [-0.699999988079071, -0.20000000298023224, -0.05000000074505806, 0.0, 0.30000001192092896, 1.0, 2.5, 7.0],
    'relu6': [0.0, 0.0, 0.0, 0.0, 0.30000001192092896, 1.0, 2.5, 6.0],
    'hard_sigmoid': [0.0, 0.3333333432674408, 0.4583333432674408, 0.5, 0.550000011920929, 0.6666666865348816, 0.9166666865348816, 1.0],
    'exponential': [0.03019738383591175, 0.3678794503211975, 0.7788007855415344, 1.0, 1.3498587608337402, 2.7182817459106445, 12.182494163513184, 1096.6331787109375],
    'linear': [-3.5, -1.0, -0.25, 0.0, 0.30000001192092896, 1.0, 2.5, 7.0],
    'log_softmax': [-10.516664505004883, -8.016664505004883, -7.266664028167725, -7.016664028167725, -6.716663837432861, -6.016664028167725, -4.516664028167725, -0.01666412129998207],
    'mish': [-0.10409574210643768, -0.3034014403820038, -0.12992696464061737, 0.0, 0.20800136029720306, 0.8650984764099121, 2.4713923931121826, 6.999989032745361],
    'softsign': [-0.7777777910232544, -0.5, -0.20000000298023224, 0.0, 0.23076924681663513, 0.5, 0.7142857313156128, 0.875],
    'hard_silu': [-0.0, -0.3333333432674408, -0.1145833358168602, 0.0, 0.16500000655651093, 0.6666666865348816, 2.2916667461395264, 7.0],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_values_match_keras(name):
    out = activations.get(name)(X)
    assert out.dtype == np.float32
    np.testing.assert_allclose(np.asarray(out)[0], GOLDEN[name], rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize("name", sorted(set(GOLDEN) - {"linear"}))
def test_gradients_match_finite_differences(name):
    fn = activations.get(name)
    x = np.array([[-2.1, -0.7, 0.4, 1.3, 2.9]])  # away from the kinks of relu-like functions
    set_floatx("float64")
    try:
        check_grads(lambda t: fn(t), (x,), name=name)
    finally:
        set_floatx("float32")


def test_relu_options_follow_keras():
    x = np.array([-2.0, -0.5, 0.5, 1.0, 8.0], dtype="float32")
    out = activations.relu(x, negative_slope=0.1, max_value=6.0, threshold=0.5)
    # below the threshold: slope * (x - threshold); capped at max_value; x == threshold gives 0
    np.testing.assert_allclose(np.asarray(out), [-0.25, -0.1, 0.0, 1.0, 6.0], rtol=1e-6)


def test_unknown_name_lists_valid_ones():
    with pytest.raises(ValueError, match=r"Unknown activation: 'sigmod'. Did you mean 'sigmoid'\?"):
        activations.get("sigmod")


def test_layers_accept_names_and_functions():
    a = keras.layers.Dense(2, activation="tanh", kernel_initializer="ones")(np.ones((1, 2)))
    b = keras.layers.Dense(2, activation=activations.tanh, kernel_initializer="ones")(np.ones((1, 2)))
    np.testing.assert_allclose(np.asarray(a), np.tanh([[2.0, 2.0]]), rtol=1e-6)
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
