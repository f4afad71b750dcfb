"""Trigger tables and cue lists for the event coder (data files, loaded by ``coder.triggers``)."""
