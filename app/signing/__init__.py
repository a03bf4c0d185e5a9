"""Signing keys and certificates of a review round (评审轮次).

Each round has its own certificate authority, created by the secretariat and trusted by nobody
else: it issues one signing certificate per person, and a signature on a score sheet, group
report or shortlist counts only when its certificate chains to that round's CA — never to a
system trust store. Keeping the PKI per round means a key leaked from one round can never sign
for another, and no outside authority or network is needed.
"""
