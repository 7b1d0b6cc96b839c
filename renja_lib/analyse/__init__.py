"""Analyse: figures from figures, as language-neutral frames.

- :mod:`~renja_lib.analyse.ratings`: achievement of a target and its rating band (predikat).
- :mod:`~renja_lib.analyse.labour`: TPT, TPAK and TKK from counts, as series, against their targets.
- :mod:`~renja_lib.analyse.budget`: budget absorption, plan composition and changes.
- :mod:`~renja_lib.analyse.spending_absorption`: a user's spending file per period and as an S-curve.
- :mod:`~renja_lib.analyse.performance`: achievement recomputed, rolled up, against the Renstra and spending.
"""
