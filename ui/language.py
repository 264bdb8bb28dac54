"""The Language menu: System / English / 简体中文, switching the whole window live and remembered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from ui.i18n import (
    CHOICES,
    choose_language,
    follow_language,
    language_choice,
    resolve_language,
    translation_file,
)

#: Each language's name in itself: a reader finds their own language whatever the window speaks.
NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}
MENU_NAME = "languageMenu"


def install_language_menu(window: QWidget, menu_bar: QMenuBar) -> QMenu:
    """Add the Language menu to a window's menu bar (once: a second call returns the first menu).

    Choosing an entry saves it in the settings and switches every open window at once;
    "System" follows the desktop's language (any Chinese gives 简体中文, else English).
    """
    existing = menu_bar.findChild(QMenu, MENU_NAME)
    if existing is not None:
        return existing
    menu = menu_bar.addMenu("")
    menu.setObjectName(MENU_NAME)
    group = QActionGroup(menu)
    group.setExclusive(True)
    actions: dict[str, QAction] = {}
    for choice in CHOICES:
        action = QAction(window)
        action.setObjectName(f"actionLanguage_{choice}")
        action.setCheckable(True)
        action.setData(choice)
        group.addAction(action)
        menu.addAction(action)
        actions[choice] = action
    actions[language_choice()].setChecked(True)
    if translation_file("zh_CN") is None:  # a build without its .qm: say why instead of doing nothing
        actions["zh_CN"].setEnabled(False)

    def retranslate() -> None:
        menu.setTitle(QCoreApplication.translate("LanguageMenu", "&Language"))
        actions["system"].setText(
            QCoreApplication.translate("LanguageMenu", "System language ({language})").format(
                language=NATIVE_NAMES[resolve_language("system")]
            )
        )
        for language in ("en", "zh_CN"):
            actions[language].setText(NATIVE_NAMES[language])
        if not actions["zh_CN"].isEnabled():
            actions["zh_CN"].setToolTip(
                QCoreApplication.translate(
                    "LanguageMenu", "The Chinese translation is missing from this build"
                )
            )

    group.triggered.connect(lambda action: choose_language(str(action.data())))
    follow_language(menu, retranslate)
    retranslate()
    return menu
