"""Dialogs: forms and confirmations, each a ModalScreen dismissed with its result."""
