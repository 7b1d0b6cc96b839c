"""Present: charts for slides, sentences for reports, and the files they are saved to.

- :mod:`~renja_lib.present.labour_charts`: the labour-indicator charts (trend, actual against target, regions).
- :mod:`~renja_lib.present.budget_charts`: budget charts (absorption, composition, salaries, changes, draft against
  needs, S-curve).
- :mod:`~renja_lib.present.performance_charts`: performance charts (achievement, efficiency).
- :mod:`~renja_lib.present.audit_charts`: the chart of the document audit.
- :mod:`~renja_lib.present.chart_style`: the house style every chart shares: style file, colours, sizes, the figure
  and its frame (title, source footnote).
- :mod:`~renja_lib.present.chart_parts`: the parts the budget, performance and audit charts are built from (input
  checks, bar rows, value labels, footnote notes).
- :mod:`~renja_lib.present.names`: the one name shortener for programmes and activities (charts and sentences).
- :mod:`~renja_lib.present.sentences`: the computed sentences and headings of the notebooks.
- :mod:`~renja_lib.present.figure_files`: a chart written as PNG (300 dpi) and SVG.
"""
