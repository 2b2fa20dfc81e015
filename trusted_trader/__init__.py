"""Trusted Trader: the Account Executive's desk for trusted-partner engagement."""

__version__ = "0.1.0"
APP_NAME = "Trusted Trader"
