"""coproduce: offline co-production workshops with a signed, verifiable record."""

__version__ = "0.1.0"
