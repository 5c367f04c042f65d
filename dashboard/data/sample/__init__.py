"""Deterministic sample data, so the dashboard shows something plausible before any import.

Everything is drawn from seeded ``numpy.random.Generator`` objects: the same seed gives the
same rows on every machine. The figures are invented; only their shape is meant to be
realistic: enrollments follow the 2019 census population, the post office and VSS office
channels carry most of them, event enrollments spike on the campaign launch (8 May 2022) and on
campaign days, and each province has its own pace, so some end the year ahead of target and
some behind.

One module per question:

- ``campaign``: the campaign's calendar and launch-day profile, and the helpers every
  generator shares (apportioning a total, the columns of a table);
- ``enrollments``, ``targets``, ``participants``, ``events``, ``routes``: one ``generate_*``
  function each, returning rows shaped like its table (without ``id`` and ``import_id``);
- ``store``: writing the sample into a database, setting it aside, loading it at start-up.
"""
