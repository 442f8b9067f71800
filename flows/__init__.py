"""Prefect flows: the only layer that imports Prefect."""
