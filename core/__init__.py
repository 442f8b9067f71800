"""The bottom layer: the data model, the exception tree and the settings; imports nothing of the project."""
