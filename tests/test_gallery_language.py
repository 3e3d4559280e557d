"""The build's checks of the gallery: no warning, no English text left in a Chinese figure."""

import sys
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "docs"))
import gallery_language  # docs/gallery_language.py


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Loss vs. residual", ["Loss", "vs", "residual"]),
        ("损失与残差", []),
        ("Smooth L1 与 Huber 的梯度", []),
        ("Welsch (α = −∞) 的拟合", []),
        ("RANSAC 与 Theil-Sen", []),
        ("$\\rho(x) = \\log\\cosh x$ 曲线", []),
        ("log-cosh 的梯度", []),
        ("Smooth L1 gradient", ["gradient"]),
        ("Barron 通用损失 ρ(x, α, 1) 与 log-cosh", []),
        ("Pinball 损失", []),
        ("效率（Cramér-Rao 下界 / 方差）", []),
        ("Pinball 损失 (quantile)", ["quantile"]),
    ],
)
def test_english_words_leave_out_math_and_shared_names(text, words):
    assert gallery_language.english_words(text) == words


def test_a_chinese_build_stops_at_a_figure_left_in_english(monkeypatch):
    monkeypatch.setenv("LOSSDOCS_LANGUAGE", "zh_CN")
    figure, ax = plt.subplots()
    try:
        ax.set_title("L1 与 L2 的损失")
        ax.set_xlabel("residual")
        assert gallery_language.english_texts(figure) == ["residual"]
        with pytest.raises(
            ValueError, match=r"plot_x\.py: figure text left in English: \['residual'\]"
        ):
            gallery_language.scrape(None, {"src_file": "plot_x.py"}, {})
        assert not plt.get_fignums(), "the figure is closed, not reported again by the next script"
    finally:
        plt.close(figure)


def test_an_example_that_warns_fails_and_the_build_keeps_its_own_filters(monkeypatch):
    """The reset hook makes every warning an example raises an error, for that example only."""
    monkeypatch.delenv("LOSSDOCS_LANGUAGE", raising=False)
    build_filters = warnings.filters[:]
    gallery_language.use_language({}, "plot_x.py", "before")
    try:
        with pytest.raises(RuntimeWarning, match="divide by zero"):
            np.log(np.zeros(1))
        with pytest.raises(DeprecationWarning):
            warnings.warn("old", DeprecationWarning, stacklevel=1)
    finally:
        gallery_language.use_language({}, "plot_x.py", "after")
    assert warnings.filters == build_filters
