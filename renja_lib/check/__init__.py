"""Check: every place where a document disagrees with itself (:func:`renja_lib.check.audit.audit`)."""
