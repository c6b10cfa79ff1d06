"""policylib: an organization's library of official policy documents."""

__version__ = "0.1.0"
