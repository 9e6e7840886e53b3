"""The learned factor `gamma` and offset `beta` of BatchNormalization and LayerNormalization."""
from numkeras.layers.weight_options import add_weight_with_options, set_weight_options


def set_affine_options(layer, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                       gamma_regularizer, beta_constraint, gamma_constraint):
    """Stores `center`, `scale` and the resolved options of `gamma` and `beta` on `layer`."""
    layer.center = bool(center)
    layer.scale = bool(scale)
    set_weight_options(layer, "beta", beta_initializer, beta_regularizer, beta_constraint)
    set_weight_options(layer, "gamma", gamma_initializer, gamma_regularizer, gamma_constraint)
    layer.supports_masking = True
    layer.gamma = layer.beta = None


def add_affine_weights(layer, shape, gamma, beta):
    """Creates `layer.gamma` (when `gamma`) then `layer.beta` (when `beta`), both of `shape`."""
    if gamma:
        layer.gamma = add_weight_with_options(layer, "gamma", shape)
    if beta:
        layer.beta = add_weight_with_options(layer, "beta", shape)
