"""Deterministic sample data, so the dashboard shows the campaign before any import.

The sample follows the real 2022 campaign: its national totals for the launch day
(8 May 2022) and for May are the published ones, for both products, and so are the launch
day's parades and counselling groups; what no source gives is modelled (docs/sample.md says
which is which). Everything drawn comes from seeded generators: the same seed gives the same
rows on every machine. ``scale`` sizes it (1.0: the published totals).

One module per question:

- ``campaign``: the published figures, the launch day's hours, the provincial weights, the
  parades, and the helpers every generator shares (apportioning a total, a table's columns);
- ``enrollments``, ``targets``, ``participants``, ``events``, ``routes``: one ``generate_*``
  function each, returning rows shaped like its table (without ``id`` and ``import_id``);
- ``store``: writing the sample into a database, setting it aside, loading it at start-up.
"""
