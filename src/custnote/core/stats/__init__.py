"""Team statistics: the aggregation, regions of addresses, and results memoised until a
note changes.

Kept free of imports: importing one module of this package stays cheap."""
