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


def use_language(gallery_conf, fname, when):
    """sphinx-gallery reset hook: the edition's font, and matplotlib's glyph warnings as errors."""
    import matplotlib
    from matplotlib import font_manager

    # "Glyph 8722 (\N{MINUS SIGN}) missing from font(s) …": a figure with boxes for characters.
    warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from")
    if os.environ.get("LOSSDOCS_LANGUAGE") == "zh_CN":  # set by conf.py for the edition
        font_manager.fontManager.addfont(str(cjk_font()))
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]
