"""Problems as GitHub Actions workflow commands: annotations on the file and line of a pull request.

The escaping is GitHub's (actions/toolkit, command.ts): in the message `%`, CR and LF; in a
property's value also `:` and `,`, which would otherwise end the value.
"""

from __future__ import annotations

from .model import Problem


def workflow_command(problem: Problem) -> str:
    """`::error file=…,line=…::message` (or `::warning …`) for one problem."""
    properties = [f"file={escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    return f"::{problem.severity} {','.join(properties)}::{escape_data(problem.message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
