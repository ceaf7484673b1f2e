"""custnote: customer notes as Markdown files in a git repository.

The package is usable as a library without the CLI::

    from custnote.core.notebook.notebook import Notebook
    nb = Notebook.open("~/notes")
    note = nb.resolve("yamada")
"""

__version__ = "0.1.0"
