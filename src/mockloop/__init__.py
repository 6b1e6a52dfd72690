"""mockloop: a local, offline, voice-driven mock interviewer for system design rounds."""

__version__ = "0.1.0"
