"""Official documents in the layout of Decree 30/2020/NĐ-CP: a plain document model
(``layout``), its two writers (``docx_writer`` for Word, ``pdf_writer`` for PDF with
embedded fonts), the builders of each document from plain values (award decision,
certificates, payment list) and the service that numbers and keeps what is issued.
"""
