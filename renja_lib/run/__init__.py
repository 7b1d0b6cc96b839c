"""Run: ``renja report``, the notebooks run with papermill into offline HTML reports.

- :mod:`~renja_lib.run.parameters`: the one registry of notebook parameters, their types and checks.
- :mod:`~renja_lib.run.plan`: which notebooks, documents and parameters, checked before anything runs.
- :mod:`~renja_lib.run.runner`: the run: notebooks handed to parallel workers, results, folders swapped in
  (:func:`~renja_lib.run.runner.run_report`).
- :mod:`~renja_lib.run.kernels`: the reused IPC kernels, their preloaded modules and the papermill engine.
- :mod:`~renja_lib.run.pages`: reproducible notebooks, their HTML pages, ``index.json`` and ``index.html``.
- :mod:`~renja_lib.run.folders`: what the runner may delete or replace (the report marker, ownership
  checks, the swap, stale folders).
- ``_kernel_reset``: runs inside a report kernel (preloading, and the reset before each notebook).

Other libraries' private internals used here are fenced in :mod:`renja_lib._compat`.
"""
