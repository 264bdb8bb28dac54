"""Qt item models behind the event table, the hex view and the inspector."""
