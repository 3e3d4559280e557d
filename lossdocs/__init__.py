"""lossdocs: regression losses (L1, L2, Smooth L1, Huber and a robust family) with gradients."""

from lossdocs.losses import (
    huber_loss,
    huber_loss_grad,
    l1_loss,
    l1_loss_grad,
    mse_loss,
    mse_loss_grad,
    smooth_l1_loss,
    smooth_l1_loss_grad,
)
from lossdocs.quantile import pinball_loss, pinball_loss_grad
from lossdocs.robust import (
    general_loss,
    general_loss_grad,
    log_cosh_loss,
    log_cosh_loss_grad,
    pseudo_huber_loss,
    pseudo_huber_loss_grad,
)

__version__ = "0.1.0"

__all__ = [
    "general_loss",
    "general_loss_grad",
    "huber_loss",
    "huber_loss_grad",
    "l1_loss",
    "l1_loss_grad",
    "log_cosh_loss",
    "log_cosh_loss_grad",
    "mse_loss",
    "mse_loss_grad",
    "pinball_loss",
    "pinball_loss_grad",
    "pseudo_huber_loss",
    "pseudo_huber_loss_grad",
    "smooth_l1_loss",
    "smooth_l1_loss_grad",
]
