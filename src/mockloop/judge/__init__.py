"""The judging core: pure functions from transcripts to signals.

Nothing here touches a device, a model, YAML or the disk.
"""
