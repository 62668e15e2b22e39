"""decision: criteria workbooks, multi-criteria ranking, aid allocation and Excel reports."""

__version__ = "0.1.0"
