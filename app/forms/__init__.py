"""The offline form (评审表格): scores and comments filled in Excel and brought back safely.

Exporting writes the owner's dossiers to a workbook; importing reads it back, checks
every cell and where the form came from, and applies all of it in one unit of work
or nothing. Qt-free: the GUI and ``qbr form`` call the same functions.
"""

from app.forms.export import export_form
from app.forms.importing import apply_form, read_form
from app.forms.model import (
    EditConflict,
    ExportedForm,
    FormApplied,
    FormDossier,
    FormEntry,
    FormImport,
    FormProblem,
    FormRefused,
)

__all__ = [
    "EditConflict",
    "ExportedForm",
    "FormApplied",
    "FormDossier",
    "FormEntry",
    "FormImport",
    "FormProblem",
    "FormRefused",
    "apply_form",
    "export_form",
    "read_form",
]
