"""The same pipeline on Apache Spark: ``newsgraph batch INPUT... --output DIR``.

``job`` runs it (analysis into ``records`` and ``rejections``, then the store's tables over the
whole output); ``inputs`` reads what the library's readers read; ``rows`` is what each task
does with the library (pipeline, store writer, export rows); ``stories`` and ``merge`` are the
cross-article steps in batch form; ``load`` reads an output folder into the SQLite store and
``parquet`` opens one for the query commands through DuckDB.
"""
