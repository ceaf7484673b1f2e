"""Search and ``who``: the query language, the documents the index holds, and the search
over a notebook (the index itself is an adapter); what Tab completion offers.

Kept free of imports: importing one module of this package stays cheap."""
