"""地域AXアドバイザー (AX Advisor): grounded answers about AX support programs for regional SMEs."""

__version__ = "0.1.0"
