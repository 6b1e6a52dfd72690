"""Adapters that touch audio: decoding files, and (later) devices."""
