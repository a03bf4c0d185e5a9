"""The group leader's consolidation window (专家组合议) and its parts.

Opened from the main window's 评审 menu on a leader's store: import the members' signed
score sheets, see each verified or rejected, read the group table, write the group's
consensus comments, settle the shortlist and export the signed group report.
"""

from app.ui.group.group_window import GroupWindow
from app.ui.group.host import GroupWindowHost

__all__ = ["GroupWindow", "GroupWindowHost"]
