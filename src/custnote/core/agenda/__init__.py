"""The agenda: customers' facts read from notes (tolerantly) and kept in the note store,
calendar periods, reminder rules, and the agenda and ``done`` of a notebook.

Kept free of imports: importing one module of this package stays cheap."""
