"""Dialogs: forms that validate as the user types, and small informational boxes."""
