"""Data files shipped with custnote (the demo customers)."""
