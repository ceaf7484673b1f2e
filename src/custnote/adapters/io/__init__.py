"""Importers and exporters: one module per file format.

Readers turn a file into a :class:`~custnote.adapters.io.table.Table` of plain records (row number
and header -> cell value); writers turn flat rows or customers' JSON into a file. They know
nothing about notebooks: :mod:`custnote.core.importing.customers` and
:mod:`custnote.core.exporting.rows` do.
"""
