"""Text → normalized text, tokens and facts. Plain Python: no index, no flows."""
