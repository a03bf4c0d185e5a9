"""The secretariat's services (办公室): set up a round, import and check dossiers,
assign them to groups and issue assignment packages. Each function is one unit of
work on a workspace store and returns plain data from ``app.models``."""
