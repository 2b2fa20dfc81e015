"""ReportLab renderers: snapshots in, PDF bytes out (the only place that imports ReportLab)."""
