"""The notebook on disk: locating and opening it, settings, reading notes, the note store
and lookup, and every write as one locked, journalled commit (transaction, journal,
recovery); the demo notebook.

Kept free of imports: importing one module of this package stays cheap."""
