"""PyInstaller entry point: the frozen socket-workbench executable runs ui.app.main()."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
