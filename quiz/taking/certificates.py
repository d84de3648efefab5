"""A certificate as a one-page PDF, drawn with reportlab: pure, a certificate in, bytes out.

It says what the certificate page says (the name it was issued with, the quiz, the date,
the score and the verification code) and carries the public check address twice: as a
QR code for a phone, and in text for whoever types it.

The font is Source Sans Pro (SIL Open Font License, from the pinned pip package
font-source-sans-pro), embedded, so names in Latin letters with any accents (Dvořák,
Nguyễn, Łukasz), Greek and Cyrillic print as written; the PDF standard fonts draw
Western European letters only. Chinese, Japanese and Korean are not in it: the
certificate page in the browser shows every name as written.
"""

import io
from pathlib import Path

import font_source_sans_pro
from django.utils.translation import gettext_lazy as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..moments import day
from ..scores import whole_percent

TITLE = _("Certificate of completion")
CERTIFIES = _("This certifies that")
PASSED = _("passed the human trafficking awareness quiz")
DATE_AND_SCORE = _("Date: %(date)s  ·  Score: %(percent)s (pass mark %(pass_mark)s%%)")
CODE = _("Verification code: %(code)s")
CHECK_AT = _("Anyone can check this certificate at")
ISSUER = _(
    "Issued by an independent training tool built from the U.S. Department of Homeland "
    "Security release Working Together to Help Victims of Human Trafficking of January 14, "
    "2014; not by DHS."
)
CREATOR = _("Human trafficking awareness training")

FONT_DIRECTORY = Path(font_source_sans_pro.font_directory)
PAGE_WIDTH, PAGE_HEIGHT = landscape(letter)  # a US release, a US page
MARGIN = 0.75 * inch
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 1.5 * inch
NAVY = HexColor("#0a3161")  # the border of the certificate page (static/css/site.css)
REGULAR, BOLD, ITALIC = "SourceSansPro", "SourceSansPro-Bold", "SourceSansPro-It"


def register_fonts() -> None:
    """Make the embedded fonts known to reportlab (once per process)."""
    for name in (REGULAR, BOLD, ITALIC):
        if name not in pdfmetrics.getRegisteredFontNames():
            file_name = "SourceSansPro-Regular" if name == REGULAR else name
            pdfmetrics.registerFont(TTFont(name, FONT_DIRECTORY / f"{file_name}.ttf"))


def certificate_pdf(cert, *, check_url: str) -> bytes:
    """The certificate (with its attempt and quiz) as a PDF; check_url is the absolute
    address of its public check page."""
    register_fonts()
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    describe(pdf, cert)
    draw_border(pdf)
    draw_statement(pdf, cert)
    draw_check(pdf, cert, check_url)
    draw_centred(pdf, ISSUER, REGULAR, 8, MARGIN + 0.15 * inch)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def describe(pdf: Canvas, cert) -> None:
    """The document's properties, which readers show as its title."""
    pdf.setTitle(f"{TITLE}: {cert.attempt.quiz.title}")
    pdf.setAuthor(cert.name)
    pdf.setSubject(str(PASSED))
    pdf.setCreator(str(CREATOR))


def draw_border(pdf: Canvas) -> None:
    """A double rule round the page, like the certificate page's."""
    pdf.setStrokeColor(NAVY)
    for inset, width in ((0.35 * inch, 3), (0.45 * inch, 1)):
        pdf.setLineWidth(width)
        pdf.rect(inset, inset, PAGE_WIDTH - 2 * inset, PAGE_HEIGHT - 2 * inset)
    pdf.setStrokeColorRGB(0, 0, 0)


def draw_statement(pdf: Canvas, cert) -> None:
    """From the title down to the date and score, centred, top to bottom."""
    attempt = cert.attempt
    top = PAGE_HEIGHT - MARGIN - 0.2 * inch
    pdf.setFillColor(NAVY)
    top = draw_centred(pdf, TITLE, BOLD, 34, top) - 0.45 * inch
    pdf.setFillColorRGB(0, 0, 0)
    top = draw_centred(pdf, CERTIFIES, REGULAR, 14, top) - 0.2 * inch
    top = draw_centred(pdf, cert.name, BOLD, 30, top, smallest=14) - 0.3 * inch
    top = draw_centred(pdf, PASSED, REGULAR, 14, top) - 0.15 * inch
    top = draw_centred(pdf, attempt.quiz.title, ITALIC, 20, top, smallest=11) - 0.4 * inch
    facts = DATE_AND_SCORE % {
        "date": day(cert.issued_at),
        "percent": whole_percent(attempt.percent),
        "pass_mark": attempt.quiz.pass_mark,
    }
    draw_centred(pdf, facts, REGULAR, 13, top)


def draw_check(pdf: Canvas, cert, check_url: str) -> None:
    """The code and the check address at the foot, left; the QR code of the address, right."""
    qr_x = PAGE_WIDTH - MARGIN - QR_SIZE
    bottom = MARGIN + 0.35 * inch  # above the issuer's two lines
    draw_qr(pdf, check_url, qr_x, bottom)
    text_width = qr_x - MARGIN - 0.25 * inch
    pdf.setFont(REGULAR, 11)
    pdf.drawString(MARGIN, bottom + 0.75 * inch, str(CODE % {"code": cert.code}))
    pdf.drawString(MARGIN, bottom + 0.5 * inch, str(CHECK_AT))
    size = largest_fitting(check_url, REGULAR, 11, 7, text_width)
    pdf.setFont(REGULAR, size)
    pdf.setFillColor(NAVY)
    pdf.drawString(MARGIN, bottom + 0.25 * inch, check_url)
    pdf.setFillColorRGB(0, 0, 0)
    url_width = stringWidth(check_url, REGULAR, size)
    pdf.linkURL(check_url, (MARGIN, bottom + 0.2 * inch, MARGIN + url_width, bottom + 0.4 * inch))


def draw_qr(pdf: Canvas, url: str, x: float, y: float) -> None:
    """A QR code of the address, QR_SIZE square (its quiet zone included), at (x, y)."""
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def draw_centred(pdf: Canvas, text, font: str, size: float, top: float, *, smallest=None):
    """Centre text on the page below `top`, in the largest size down to `smallest` that
    fits one line, else in lines of that size; where the text ends, below."""
    text = str(text)
    size = largest_fitting(text, font, size, smallest or size, TEXT_WIDTH)
    pdf.setFont(font, size)
    for line in simpleSplit(text, font, size, TEXT_WIDTH):
        top -= size
        pdf.drawCentredString(PAGE_WIDTH / 2, top, line)
        top -= size * 0.25  # the descenders, and a little air
    return top


def largest_fitting(text: str, font: str, largest: float, smallest: float, width: float):
    """The largest whole size from `largest` down to `smallest` at which text fits width."""
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 1
    return size
