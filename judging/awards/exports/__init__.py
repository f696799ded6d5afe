"""Award documents: the award list (XLSX), the decision annex and certificates (PDF), collective awards."""
