"""The anthology "Những bông hoa đẹp": the awarded stories as a PDF book and an EPUB e-book."""
