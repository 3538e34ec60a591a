#!/usr/bin/env python3
"""Writes the PDF and DOCX fixtures of the generator tests from our own .txt documents:
barcelona.pdf (one page per 55 lines, Helvetica, WinAnsi text) and curie.docx (one
paragraph per paragraph of the text). Run it from this folder; only the standard library."""
import textwrap
import zipfile

DOCS = "../docs"


def pdf(text, out):
    lines = []
    for para in text.split("\n\n"):
        lines += textwrap.wrap(para.replace("\n", " "), 95) + [""]
    pages = [lines[i:i + 55] for i in range(0, len(lines), 55)]
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        body = "BT /F1 10 Tf 12 TL 50 760 Td\n"
        for line in page:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            body += f"({esc}) Tj T*\n"
        body += "ET\n"
        data = body.encode("cp1252")
        objs.append(f"<< /Length {len(data)} >>\nstream\n".encode("latin-1") + data + b"endstream")
        content = len(objs)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out_bytes = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out_bytes))
        obj = obj if isinstance(obj, bytes) else obj.encode("latin-1")
        out_bytes += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out_bytes)
    out_bytes += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out_bytes += f"{off:010d} 00000 n \n".encode()
    out_bytes += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    open(out, "wb").write(out_bytes)


def docx(text, out):
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(p.replace(chr(10), ' '))}</w:t></w:r></w:p>"
                    for p in text.split("\n\n") if p.strip())
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{paras}</w:body></w:document>',
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)


pdf(open(f"{DOCS}/city/barcelona.txt", encoding="utf-8").read(), "barcelona.pdf")
docx(open(f"{DOCS}/scientist/curie.txt", encoding="utf-8").read(), "curie.docx")
