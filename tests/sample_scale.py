"""The size of the sample in tests that need some sample data but not its published scale.

A fiftieth of the published campaign (about 2,700 enrollments instead of 135,000) writes in
a fraction of a second; the totals at any scale follow from the declared figures of
``dashboard.data.sample.campaign`` (e.g. round(22,306 x 0.02) = 446 on the launch day).
"""

SMALL_SAMPLE = 0.02
