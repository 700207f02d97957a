"""Demo data: fictional people, groups and services so a newcomer sees the portal at work."""
