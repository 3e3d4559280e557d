"""The reading order of the gallery: from what the losses are to how they behave in training."""

ORDER = [
    "plot_loss_curves.py",
    "plot_gradients.py",
    "plot_outlier_share.py",
    "plot_median_vs_mean.py",
    "plot_line_fit_outliers.py",
    "plot_l1_instability.py",
    "plot_robustness_table.py",
    "plot_gradient_descent.py",
    "plot_convergence_speed.py",
    "plot_threshold.py",
    "plot_robust_family.py",
    "plot_irls_weights.py",
    "plot_family_table.py",
    "plot_box_regression.py",
    "plot_noise_models.py",
    "plot_learn_alpha.py",
    "plot_efficiency.py",
    "plot_choose_width.py",
    "plot_leverage.py",
    "plot_breakdown.py",
    "plot_quantile.py",
    "plot_gradient_clipping.py",
    "plot_normalised_targets.py",
]


class GalleryOrder:
    """sphinx-gallery sort key: the position in ORDER; unlisted scripts come last, by name."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        return (ORDER.index(filename), "") if filename in ORDER else (len(ORDER), filename)

    def __repr__(self):
        return "GalleryOrder()"
