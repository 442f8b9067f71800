"""Reports the CLI and the web app both present: the status, the failures, the task-count rows
and the CSV exports."""
