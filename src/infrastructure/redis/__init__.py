"""Redis adapters for state every API worker shares (rate limits, auth revocations) and the one client factory."""
