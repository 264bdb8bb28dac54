"""Teaching material: explanations of socket/socketserver names, and equivalent plain programs.

- ``explain``: the explanations as data (English and Simplified Chinese) and their lookup.
- ``render``: an explanation as plain text, and the ``workbench explain`` command.
- ``codegen``: the standalone standard-library program a ``serve``/``send`` command line stands for.
"""
