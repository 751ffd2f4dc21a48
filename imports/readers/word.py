"""Rows of the tables of a Word (.docx) document, with python-docx.

Every table is read with the heading or paragraph just before it as its
context ("Theme 2 – Governance and Accountability", or an improvement area of
an action plan). Header rows are found by their words wherever they are, so a
header repeated on every page is skipped; a row with an empty ref continues
the row above, in the same table or the one before it (tables broken across
pages). Merged cells count once; nested tables' paragraphs belong to their
cell; a row that is one merged cell across the table is a heading for the
rows after it. A table without a header row whose first column labels its
rows ("Evidence / Notes", "Proposed improvement actions") is read as one row.
"""

import io

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from imports.readers import rows as r

_P, _TBL = qn("w:p"), qn("w:tbl")


def read_docx(data):
    document = docx.Document(io.BytesIO(data))
    result = r.ReadDocument(kind="docx")
    context = ""
    reader = _TableReader(result)
    table_number = 0
    for child in document.element.body.iterchildren():
        if child.tag == _P:
            paragraph = Paragraph(child, document)
            text = " ".join(paragraph.text.split())
            if not text or r.is_continuation_note(text):
                continue
            result.title = result.title or text
            context = text
        elif child.tag == _TBL:
            table_number += 1
            reader.read(Table(child, document), table_number, context)
    return result.number_rows()


def _cell_texts(tc):
    """The paragraphs of a cell, nested tables' paragraphs included, in order."""
    return [Paragraph(p, None).text for p in tc.iter(_P)]


class _TableReader:
    def __init__(self, result):
        self.result = result
        self.previous = None  # the last row read, which an empty-ref row continues

    def read(self, table, number, context):
        roles, kind, has_refs = None, None, False
        seen = set()
        grid = []
        for row in table.rows:
            cells = []
            for column, cell in enumerate(row.cells, start=row.grid_cols_before):
                tc = cell._tc
                if id(tc) in {id(other) for _, other in cells}:
                    continue  # merged across columns: python-docx repeats it
                cells.append((column, tc))
            grid.append(cells)
        for index, cells in enumerate(grid, start=1):
            texts = [(column, _cell_texts(tc)) for column, tc in cells]
            width = len(table.columns)
            header = r.header_roles(self._spread(texts, width))
            if header:
                roles, kind = header, r.kind_of(header)
                values = list(header.values())
                has_refs = r.REF in values or values.count(r.ACTION) > 1
                seen.update(id(tc) for _, tc in cells)
                continue
            if roles is None:
                continue
            # A cell merged down from the row above holds nothing new for this row.
            texts = [
                (column, text if id(tc) not in seen else [])
                for (column, tc), (_, text) in zip(cells, texts, strict=True)
            ]
            seen.update(id(tc) for _, tc in cells)
            filled = [text for _, text in texts if r.paragraphs(text)]
            if len(cells) == 1 and width > 1 and filled:
                context = " ".join(r.paragraphs(filled[0]))  # a heading across the table
                continue
            row = r.build_row(
                texts, roles, location=f"table {number}, row {index}", kind=kind, context=context
            )
            if row.is_empty:
                continue
            if (
                has_refs
                and not row.ref
                and self.previous is not None
                and self.previous.kind == kind
            ):
                self.previous.continue_with(row)
                continue
            self.result.rows.append(row)
            self.previous = row
        if roles is None:
            self._read_labelled(grid, number, context)

    @staticmethod
    def _spread(texts, width):
        """One text per grid column, a merged cell's text under each column it spans."""
        spread = [""] * width
        starts = [column for column, _ in texts] + [width]
        for (column, text), end in zip(texts, starts[1:], strict=False):
            joined = " ".join(r.paragraphs(text))
            for position in range(column, min(end, width)):
                spread[position] = joined
        return spread

    def _read_labelled(self, grid, number, context):
        """A table whose first column names its rows: Evidence / Notes | ..., Proposed actions | ..."""
        labelled = []
        for cells in grid:
            if len(cells) < 2:
                continue
            label = " ".join(r.paragraphs(_cell_texts(cells[0][1])))
            role = r.role_of_header(label)
            if role:
                labelled.append((role, [_cell_texts(tc) for _, tc in cells[1:]]))
        if not {role for role, _ in labelled} & {r.EVIDENCE, r.ACTION}:
            return
        roles = {index: role for index, (role, _) in enumerate(labelled)}
        texts = [
            (index, [t for cell in values for t in cell])
            for index, (_, values) in enumerate(labelled)
        ]
        row = r.build_row(
            texts, roles, location=f"table {number}", kind=r.ASSESSMENT, context=context
        )
        if not row.criterion and not row.ref:
            row.ref = " ".join(r.CRITERION_REF.findall(context))
            row.criterion = context
        if not row.is_empty:
            self.result.rows.append(row)
            self.previous = row
