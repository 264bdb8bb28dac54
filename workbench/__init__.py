"""Socket Workbench engine: real socketserver servers and socket clients, instrumented."""

__version__ = "0.1.0"
