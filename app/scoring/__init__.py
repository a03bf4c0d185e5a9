"""The expert's scoring work (评分), Qt-free: review records, their rules, the service, search.

``record`` holds the plain data and the pure rules (totals, status, what is missing,
bands); ``service`` reads and writes records in the store one unit of work at a time;
``search`` finds text across every document the store holds. The UI adapts these and
never touches the store's rows itself.
"""
