"""Participant mode: a locked, accessible, full-screen window for a laptop passed round the table."""

from __future__ import annotations

from coproduce.ui.participant_mode.accessibility import install_view_menu
from coproduce.ui.participant_mode.start import install_participant_mode_action

__all__ = ["install_participant_mode_action", "install_view_menu"]
