"""The weekly finance pack: what finance reads (HTML summary, Excel workbook) and what is sent
to each seller (a PDF "Laporan Penghasilan"), all from the finance marts of one closed week.

``figures`` loads the week from the marts; ``money`` formats rupiah and WIB weeks; ``chart``,
``summary``, ``workbook`` and ``statement`` each write one format from the same figures, so
every format shows the same numbers.
"""
