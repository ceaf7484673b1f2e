"""custnote: customer notes as Markdown files in a git repository.

The package is usable as a library without the CLI::

    import custnote
    nb = custnote.open_notebook("~/notes")  # as the CLI opens it (custnote.wiring)
    note = nb.resolve("yamada")
"""

__version__ = "0.1.0"


def open_notebook(path=None):
    """The notebook at ``path`` (a str or path; None: as the CLI finds one), opened as the CLI
    opens it: see :func:`custnote.wiring.open_notebook`. (Not annotated: importing ``custnote``
    stays free of ``typing``, for the start-up of every command.)"""
    from custnote.wiring import open_notebook as opened

    return opened(path)
