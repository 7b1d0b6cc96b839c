"""Run: ``renja report``, the notebooks run with papermill into offline HTML reports.

- :mod:`~renja_lib.run.parameters`: the one registry of notebook parameters, their types and checks.
- :mod:`~renja_lib.run.plan`: which notebooks, documents and parameters, checked before anything runs.
- :mod:`~renja_lib.run.runner`: kernels, report folders, pages and the index.
"""
