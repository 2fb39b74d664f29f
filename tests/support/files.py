"""Small files for uploads and vedlegg."""

# The smallest PDF the upload checks accept: a header, one object, a trailer.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
