"""Icons: Qt's standard icons, which follow the style and the colour scheme."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QWidget

SP = QStyle.StandardPixmap

NAMED: dict[str, QStyle.StandardPixmap] = {
    "dashboard": SP.SP_ComputerIcon,
    "my_week": SP.SP_FileDialogListView,
    "partners": SP.SP_DirHomeIcon,
    "plans": SP.SP_FileDialogDetailedView,
    "touch_points": SP.SP_MessageBoxWarning,
    "activities": SP.SP_FileDialogInfoView,
    "centers": SP.SP_DriveNetIcon,
    "data_checks": SP.SP_DialogApplyButton,
    "new": SP.SP_FileIcon,
    "add": SP.SP_FileDialogNewFolder,
    "refresh": SP.SP_BrowserReload,
    "undo": SP.SP_ArrowBack,
    "redo": SP.SP_ArrowForward,
    "search": SP.SP_FileDialogContentsView,
    "print": SP.SP_DialogSaveButton,
    "delete": SP.SP_TrashIcon,
    "save": SP.SP_DialogSaveButton,
    "back": SP.SP_ArrowLeft,
    "edit": SP.SP_FileDialogDetailedView,
    "help": SP.SP_DialogHelpButton,
    "about": SP.SP_MessageBoxInformation,
}


def icon(widget: QWidget, name: str) -> QIcon:
    return widget.style().standardIcon(NAMED[name])
