"""The learned factor `gamma` and offset `beta` of BatchNormalization and LayerNormalization."""
from numkeras import constraints, initializers, regularizers


def set_affine_options(layer, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                       gamma_regularizer, beta_constraint, gamma_constraint):
    """Stores `center`, `scale` and the resolved options of `gamma` and `beta` on `layer`."""
    layer.center = bool(center)
    layer.scale = bool(scale)
    layer.beta_initializer = initializers.get(beta_initializer)
    layer.gamma_initializer = initializers.get(gamma_initializer)
    layer.beta_regularizer = regularizers.get(beta_regularizer)
    layer.gamma_regularizer = regularizers.get(gamma_regularizer)
    layer.beta_constraint = constraints.get(beta_constraint)
    layer.gamma_constraint = constraints.get(gamma_constraint)
    layer.supports_masking = True
    layer.gamma = layer.beta = None


def add_affine_weights(layer, shape, gamma, beta):
    """Creates `layer.gamma` (when `gamma`) then `layer.beta` (when `beta`), both of `shape`."""
    if gamma:
        layer.gamma = layer.add_weight(shape=shape, initializer=layer.gamma_initializer,
                                       regularizer=layer.gamma_regularizer,
                                       constraint=layer.gamma_constraint, name="gamma")
    if beta:
        layer.beta = layer.add_weight(shape=shape, initializer=layer.beta_initializer,
                                      regularizer=layer.beta_regularizer,
                                      constraint=layer.beta_constraint, name="beta")
