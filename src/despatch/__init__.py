"""despatch: documentary editions of diplomatic records → one clean, linked, searchable corpus."""

__version__ = "0.1.0"
