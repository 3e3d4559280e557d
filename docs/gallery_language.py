"""The gallery's figures in the edition's language: a CJK font for Chinese, no missing glyph."""

import os
import warnings
from pathlib import Path

FONTS = Path(__file__).parent / "_build" / "fonts"
#: The face of the Noto Sans CJK collection (package noto-cjk-sans-otc) for Simplified Chinese.
CJK_FAMILY = "Noto Sans CJK SC"


def cjk_font():
    """Noto Sans CJK SC as a font file of its own, saved once from the packaged collection.

    The collection's first face is the Japanese one; some characters are drawn differently in
    Chinese, so the Simplified Chinese face is picked by its name.
    """
    path = FONTS / "NotoSansCJKsc-Regular.otf"
    if not path.exists():
        import noto_cjk_sans_otc
        from fontTools.ttLib import TTCollection

        collection = Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc"
        faces = TTCollection(str(collection)).fonts
        face = next(face for face in faces if face["name"].getDebugName(1) == CJK_FAMILY)
        FONTS.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        face.save(str(partial))
        partial.replace(path)
    return path


#: The warning filters of the build while an example runs (restored after it).
_BUILD_FILTERS = []


def use_language(gallery_conf, fname, when):
    """sphinx-gallery reset hook, before and after each example: its warnings are errors.

    Before an example: every warning it raises is an error (a deprecated call, a division by
    zero, a glyph missing from the font: "Glyph 8722 (\N{MINUS SIGN}) missing from font(s)"),
    which fails the build and names the script; and the edition's font. After it: the build's
    own warning filters again.
    """
    if when == "after":
        warnings.filters[:] = _BUILD_FILTERS.pop()
        return
    _BUILD_FILTERS.append(warnings.filters[:])
    warnings.simplefilter("error")
    import matplotlib
    from matplotlib import font_manager

    if os.environ.get("LOSSDOCS_LANGUAGE") == "zh_CN":  # set by conf.py for the edition
        font_manager.fontManager.addfont(str(cjk_font()))
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]


#: Words a Chinese figure may keep: math function names (the names of losses, estimators and
#: libraries are kept too; see english_words).
MATH_WORDS = {"log", "cosh", "sign", "clip", "exp", "MAD"}


def english_words(text):
    """The English words of a figure text, leaving out math, and names both editions share.

    Names are the same in both editions (glossary.md): losses, estimators, libraries.
    """
    import re

    from lossdocs.catalog import LOSSES, ROBUST_FAMILY

    names = {*LOSSES, *ROBUST_FAMILY, "RANSAC", "Theil-Sen", "HuberRegressor", "Proposal"}
    names |= {"lossdocs", "IRLS", "Barron", "Pinball", "Cramér-Rao"}
    text = re.sub(r"\$[^$]*\$", " ", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in MATH_WORDS]


def english_texts(figure):
    """The texts of `figure` (titles, labels, legends, annotations) left in English."""
    from matplotlib.text import Text

    return [text.get_text() for text in figure.findobj(Text) if english_words(text.get_text())]


def scrape(block, block_vars, gallery_conf):
    """sphinx-gallery image scraper: matplotlib's, once the figures are in the edition's language.

    In the Chinese edition a figure text left in English stops the build and names the script.
    """
    from sphinx_gallery.scrapers import matplotlib_scraper

    if os.environ.get("LOSSDOCS_LANGUAGE") == "zh_CN":
        import matplotlib.pyplot as plt

        left = [text for n in plt.get_fignums() for text in english_texts(plt.figure(n))]
        if left:
            plt.close("all")  # not left open for the next script to report again
            raise ValueError(f"{block_vars['src_file']}: figure text left in English: {left}")
    return matplotlib_scraper(block, block_vars, gallery_conf)
