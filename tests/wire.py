"""Wire stories of our own in the seed's layout, with variations, for ingest tests."""

TWO_BYLINES_EM_DASH = """\
Port strike talks collapse as ships queue off Long Beach

March 3, 2021

By Jane Roe and Omar Haddad

LOS ANGELES, Calif. (Reuters) — Talks between dockworkers and terminal operators broke down
on Tuesday, leaving dozens of container ships waiting off the coast.

“We are not going back to the table until they take safety seriously,” union president
Maria Lopez told reporters.

The Pacific Maritime Association said in a statement it remained open to talks.

(Reporting by Jane Roe in Los Angeles and Omar Haddad in Long Beach; Additional reporting by
Kim Lee in Seattle; Writing by Jane Roe; Editing by Sam Gray, Lee Park and Ann Fox)
"""

HYPHEN_NO_SUBHEAD_UNKNOWN_ROLE = """\
12 April 2022

By Priya Natarajan

NEW DELHI (Reuters) - India's central bank left interest rates unchanged on Thursday.

Governor Rao said inflation was expected to ease.

(Compiled by Arjun Mehta; Editing by Kim Coghill)
"""

NO_BYLINE_NO_CREDIT = """\
2023-01-09

GENEVA (AFP) – The World Health Organization warned on Monday of a rise in cases.

* Officials urged vaccination.

1. This is not a list.

AT&amp;T and _underscores_ stay as printed.
"""
