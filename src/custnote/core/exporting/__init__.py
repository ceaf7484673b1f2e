"""Exporting customers: flat rows and mailing labels, and which customers a command
works on (a search query combined with list filters).

Kept free of imports: importing one module of this package stays cheap."""
