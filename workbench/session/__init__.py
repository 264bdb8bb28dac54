"""The session log: every event and every byte of a session, in one append-only file."""
