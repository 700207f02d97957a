"""The shape every domain's "cannot do that" error takes: a short code the routes turn into
a message in the person's language."""


class CodedError(Exception):
    """A request that cannot be carried out; `code` says why, for the route to explain."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
