"""Check: every place where a document disagrees with itself (:func:`renja_lib.check.audit.audit`).

- :mod:`~renja_lib.check.audit`: :func:`~renja_lib.check.audit.audit` runs the rules over a document and returns
  its findings; :func:`~renja_lib.check.audit.summary` counts them, :func:`~renja_lib.check.audit.rules` lists
  the rules. The public names of the audit are here.
- :mod:`~renja_lib.check.registry`: what a rule is, the rule groups and inputs, the
  :func:`~renja_lib.check.registry.rule` decorator.
- :mod:`~renja_lib.check.context`: what the rules share: the document, finding construction, common helpers.
- :mod:`~renja_lib.check.messages`: how the audit's messages are put together (their words are in the text catalogue,
  ``renja_lib/text/catalogue/audit.yaml``), and the words of the findings' ``item`` and ``expected`` columns.
- :mod:`~renja_lib.check.figures`: numbers written the way the document writes them, and read back.
- The rules, one module per group: :mod:`~renja_lib.check.sums`, :mod:`~renja_lib.check.ratios`,
  :mod:`~renja_lib.check.narrative_vs_tables`, :mod:`~renja_lib.check.amounts`,
  :mod:`~renja_lib.check.codes_and_names`, :mod:`~renja_lib.check.plausibility`,
  :mod:`~renja_lib.check.across_tables`.
"""
