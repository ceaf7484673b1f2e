"""Importing sheets and address books: cells as values, column mapping and known layouts,
customer drafts and the plan, who is who, contact-history rows, the report, the write.

Kept free of imports: importing one module of this package stays cheap."""
