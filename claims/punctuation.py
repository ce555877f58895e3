"""Punctuation the workbench reads text by, defined once. Plain Python, so
that claims.matching can use it without Django."""

# Marks that end a sentence, in the scripts articles come in (Latin, CJK
# full stops and full-width marks, Arabic and Urdu question mark and stop).
SENTENCE_END = ".!?…。؟۔！？"
