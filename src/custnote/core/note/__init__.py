"""One customer note: the model, the file format and its YAML, field assignments,
validation and limits, templates, ids and file names, and the values people write
(dates, phone numbers, addresses, honorifics, text folding). No notebook, no git.

Kept free of imports: importing one module of this package stays cheap."""
