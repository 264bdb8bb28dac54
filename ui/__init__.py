"""Socket Workbench's PySide6 application (imports the Qt-free engine, never the reverse)."""
