"""The committee chair's review window (主任委员审核) and its parts.

Opened from the main window's 评审 menu on the chair's store: import the groups' signed
reports, see each verified or refused, compare the groups in one table and as
distributions (calibration aids), settle the list with a reason for every change and
sign and export it for the secretariat.
"""

from app.ui.chair.chair_window import ChairWindow
from app.ui.chair.host import ChairWindowHost

__all__ = ["ChairWindow", "ChairWindowHost"]
