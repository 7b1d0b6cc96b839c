"""Text: the words and number formats a user sees, in Indonesian by default and English on request.

- :mod:`~renja_lib.text.formats`: numbers, rupiah, percentages and points for charts and reports.
"""
