"""The parts of an open notebook, one domain each (see viewmodel.Notebook, which holds them):
people, conversations, upkeep, ties, follow-ups, referral asks, referrals and bulk transfers.
Each owns its records, the indexes over them and the rules about them; none knows Textual."""
