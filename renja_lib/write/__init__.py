"""Write: outputs written atomically, only ever over files this tool can prove it wrote.

- :mod:`~renja_lib.write.outputs`: ``renja extract`` and ``renja audit`` outputs, with their manifest.
- :mod:`~renja_lib.write.workbook`: ``tables.xlsx``, where document text can never act as a formula.
- :mod:`~renja_lib.write.workdirs`: output folders, their locks, working folders and what a killed run left.
"""
