"""What an Excel workbook shows, not what it stores: formula cells and the year it states.

Some of the Commission's visa workbooks store counts as formulas (a cell holding `=618`
rather than 618). Excel shows the formula's value; so does `with_values()`: the value Excel
cached when the file was last saved, or, where none was cached, the value of simple
arithmetic (numbers, + - * /, parentheses). Any other formula is left as it is, and the
reader then refuses it in one sentence naming the cell.
"""

import ast
import operator
import re
import warnings
from pathlib import Path

from openpyxl import Workbook, load_workbook

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_ARITHMETIC = re.compile(r"[0-9.\s+\-*/()]+")
_YEAR = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-9][0-9])(?![0-9])")


def arithmetic(formula: str) -> float | None:
    """The value of a formula made of numbers and + - * / only (`=618`, `=600+18`), or None."""
    text = formula.strip().removeprefix("=")
    if not text or len(text) > 200 or not _ARITHMETIC.fullmatch(text):
        return None
    try:
        return _evaluate(ast.parse(text, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        return None


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.operand))
    raise ValueError("not simple arithmetic")


def shown_value(stored: object, cached: object) -> object:
    """The value Excel shows for a cell: the stored one, or a formula's cached/evaluated value."""
    if not (isinstance(stored, str) and stored.startswith("=")):
        return stored
    if cached is not None:
        return cached
    value = arithmetic(stored)
    if value is None:
        return stored  # left for the reader to refuse, naming the cell
    return int(value) if float(value).is_integer() else value


def with_values(path: Path, sheet: str, target: Path) -> Path:
    """A copy of `sheet` of the workbook at `path`, each formula replaced by its value."""
    with warnings.catch_warnings():  # print headers and data validation are not ours to parse
        warnings.simplefilter("ignore", UserWarning)
        formulas = load_workbook(path, read_only=True, data_only=False)
        cached = load_workbook(path, read_only=True, data_only=True)
        try:
            copy = Workbook(write_only=True)
            out = copy.create_sheet(sheet)
            if sheet in formulas.sheetnames:
                pairs = zip(
                    formulas[sheet].iter_rows(values_only=True),
                    cached[sheet].iter_rows(values_only=True),
                    strict=False,
                )
                for stored_row, cached_row in pairs:
                    cached_row = list(cached_row) + [None] * (len(stored_row) - len(cached_row))
                    out.append(
                        [shown_value(s, c) for s, c in zip(stored_row, cached_row, strict=False)]
                    )
            copy.save(target)
        finally:
            formulas.close()
            cached.close()
    return target


def stated_years(path: Path, sheet: str = "Description") -> set[int]:
    """The years a workbook names in its description sheet ("Total visas in 2019")."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            if sheet not in book.sheetnames:
                return set()
            years: set[int] = set()
            for row in book[sheet].iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        years |= {int(y) for y in _YEAR.findall(value)}
            return years
        finally:
            book.close()
