"""Sharing with the team: sync, clone and remote, three-way merge rules of notes, the
team's branch, the sync journal, backup and restore, what a sync brought, one id one file.

Kept free of imports: importing one module of this package stays cheap."""
