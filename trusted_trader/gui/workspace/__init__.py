"""The partner workspace: a header and one tab per part of the partner's file."""
