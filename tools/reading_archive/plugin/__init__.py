"""The MkDocs plugin `archive`: runs the converter as part of `mkdocs build` and `mkdocs serve`."""
