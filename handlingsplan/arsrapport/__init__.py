"""A body's annual report (årsmelding/årsrapport), drafted from the year's data: ``content``
gathers the tables as one reader may see them, ``services`` keeps the secretariat's texts and
publishes, ``document`` renders the page's content as a PDF, ``views`` and ``urls`` serve them."""
