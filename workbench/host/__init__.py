"""The host process: the engine in its own process, driven by the window over JSON lines."""
