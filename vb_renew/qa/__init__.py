"""QA tooling: automation ids, screens on record."""
