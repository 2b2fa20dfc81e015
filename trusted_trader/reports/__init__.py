"""Printable documents: report-data builders and ReportLab renderers."""
