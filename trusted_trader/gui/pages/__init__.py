"""The pages the navigation sidebar switches between."""
