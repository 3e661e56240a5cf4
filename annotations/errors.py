"""Errors the core raises. Each carries a one-line message fit to show a user as is."""


class MarginError(Exception):
    """Base class: str(err) is a single line that names the file and the problem."""


class ArticleError(MarginError):
    """An article could not be read (missing, a folder, binary, too big, undecodable)."""


class StoreError(MarginError):
    """An annotations file could not be read or written."""


class StoreParseError(StoreError):
    """An annotations file exists but is not valid TOML or not our format.

    Such a file is never overwritten: the user's data may still be in it.
    """

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        where = f"{path}"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
