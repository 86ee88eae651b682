"""Office deliverables: Word reports (python-docx) and Excel workbooks (XlsxWriter), imported only when run."""
