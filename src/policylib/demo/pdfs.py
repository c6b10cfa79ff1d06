"""Lay out a demo document's text as a letter-size PDF.

The canvas is made invariant (fixed creation date and file ID), so the same text always gives
the same bytes, and the same SHA-256 in the file store.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from policylib.demo.prose import DocumentText

BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=10.5, leading=13.5, spaceAfter=6)
ITEM = ParagraphStyle("item", parent=BODY, leftIndent=0.45 * inch, firstLineIndent=-0.35 * inch)
HEADING = ParagraphStyle(
    "heading", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
)
AGENCY = ParagraphStyle(
    "agency", fontName="Helvetica-Bold", fontSize=10, leading=12.5, alignment=TA_CENTER
)
TITLE = ParagraphStyle(
    "title", fontName="Helvetica-Bold", fontSize=15, leading=19, alignment=TA_CENTER, spaceAfter=4
)
LABEL = ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=9, leading=11.5)
VALUE = ParagraphStyle("value", fontName="Helvetica", fontSize=9, leading=11.5)
MARGIN = 0.9 * inch


def _text(value: str) -> str:
    return escape(value)


def render(text: DocumentText) -> bytes:
    """The PDF bytes of `text`."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{text.identifier}: {text.title}",
        author=text.opi,
        subject=text.subjects,
        creator="DRO Resource Library",
        invariant=1,
    )

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        width, height = LETTER
        if text.marking:
            canvas.setFont("Helvetica-Bold", 9)
            canvas.setFillColor(colors.darkred)
            canvas.drawCentredString(width / 2, height - 0.5 * inch, text.marking)
            canvas.drawCentredString(width / 2, 0.35 * inch, text.marking)
        canvas.setFillColor(colors.black)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, 0.55 * inch, f"{text.identifier}  |  Issued {text.issued}")
        canvas.drawRightString(width - MARGIN, 0.55 * inch, f"Page {doc.page}")
        canvas.restoreState()

    document.build(_story(text), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _story(text: DocumentText) -> list:
    story: list = [Paragraph(_text(line), AGENCY) for line in text.agency]
    story += [
        Spacer(1, 6),
        HRFlowable(width="100%", thickness=1.2, color=colors.black),
        Spacer(1, 8),
        Paragraph(_text(text.identifier), TITLE),
        Paragraph(_text(text.title), TITLE),
        Spacer(1, 6),
        _metadata(text),
        Spacer(1, 6),
        HRFlowable(width="100%", thickness=0.6, color=colors.grey),
    ]
    for number, section in enumerate(text.sections, start=1):
        heading = Paragraph(f"{number}. {_text(section.heading)}", HEADING)
        body: list = [Paragraph(_text(paragraph), BODY) for paragraph in section.paragraphs]
        body += [
            Paragraph(f"{number}.{index}&nbsp;&nbsp;{_text(item)}", ITEM)
            for index, item in enumerate(section.items, start=1)
        ]
        body += [
            Paragraph(f"<b>{_text(term)}.</b> {_text(meaning)}", BODY)
            for term, meaning in section.entries
        ]
        story.append(KeepTogether([heading, *body[:1]]))
        story += body[1:]
    if text.signatory:
        story += [
            Spacer(1, 24),
            KeepTogether(
                [
                    Paragraph("Approved:", BODY),
                    Spacer(1, 18),
                    HRFlowable(width="45%", thickness=0.6, color=colors.black, hAlign="LEFT"),
                    *(Paragraph(_text(line), BODY) for line in text.signatory),
                    Paragraph(_text(text.issued), BODY),
                ]
            ),
        ]
    return story


def _metadata(text: DocumentText) -> Table:
    rows = [
        ("Type", text.document_type),
        ("Issued", text.issued),
        ("OPI", text.opi),
        ("Source", text.source),
        ("Subjects", text.subjects),
    ]
    table = Table(
        [[Paragraph(label, LABEL), Paragraph(_text(value), VALUE)] for label, value in rows],
        colWidths=[1.0 * inch, 5.5 * inch],
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table
