"""Present: charts for slides, sentences for reports, and the files they are saved to.

- :mod:`~renja_lib.present.charts`: the house style and the labour-indicator charts.
- :mod:`~renja_lib.present.budget_charts`: budget, performance and audit charts.
- :mod:`~renja_lib.present.sentences`: the computed sentences and headings of the notebooks.
- :mod:`~renja_lib.present.figure_files`: a chart written as PNG (300 dpi) and SVG.
"""
