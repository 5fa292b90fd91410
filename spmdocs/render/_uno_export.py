"""UNO client: refresh a Word document's indexes and fields in a running LibreOffice, export to PDF.

Run by the system Python that carries LibreOffice's UNO bridge (Debian ``python3-uno``), never by
spmdocs' own interpreter, so it imports nothing from spmdocs::

    python3 _uno_export.py PIPE SOURCE.docx TARGET.pdf [TARGET.docx]

It connects to the LibreOffice listening on the named pipe PIPE (waiting until it is up), loads
SOURCE hidden, updates every index (the Daftar Isi) until their text stops changing, refreshes the
other fields, stores the PDF and, when TARGET.docx is given, the refreshed Word file, then asks
LibreOffice to quit. The caller owns the LibreOffice process and enforces the time limit.

Exit codes: 0 done, 3 no UNO bridge in this Python, 4 SOURCE cannot be opened, 5 export failed.
"""

import sys
import time

EXIT_NO_UNO = 3
EXIT_LOAD = 4
EXIT_EXPORT = 5

INDEX_PASSES = 3
"""An index that grows by a page moves the pages after it, so it is updated until it is stable."""

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError as exc:
    print(f"UNO: {exc}", file=sys.stderr)
    sys.exit(EXIT_NO_UNO)


def _props(**values):
    props = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        props.append(prop)
    return tuple(props)


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.1)


def _refresh(doc):
    indexes = doc.getDocumentIndexes()
    previous = None
    for _ in range(INDEX_PASSES):
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        text = [indexes.getByIndex(i).getAnchor().getString() for i in range(indexes.getCount())]
        if text == previous:
            break
        previous = text
    doc.getTextFields().refresh()
    doc.refresh()


def main(pipe, source, pdf, docx=None):
    context = _connect(pipe)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                           _props(Hidden=True, ReadOnly=False))
    except Exception as exc:  # the bridge raises UNO exceptions with no common Python base
        print(f"load: {exc}", file=sys.stderr)
        return EXIT_LOAD
    if doc is None or not hasattr(doc, "getDocumentIndexes"):
        print("load: not a text document", file=sys.stderr)
        return EXIT_LOAD
    try:
        _refresh(doc)
        doc.storeToURL(uno.systemPathToFileUrl(pdf), _props(FilterName="writer_pdf_Export"))
        if docx:
            doc.storeToURL(uno.systemPathToFileUrl(docx), _props(FilterName="MS Word 2007 XML"))
    except Exception as exc:
        print(f"export: {exc}", file=sys.stderr)
        return EXIT_EXPORT
    finally:
        doc.close(True)
    try:
        desktop.terminate()
    except Exception:  # the bridge is torn down while LibreOffice quits; the caller reaps it
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
