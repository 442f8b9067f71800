"""The web application (`hoso serve`): pages and a JSON API over whichever index is configured.

It only presents: every answer comes from the `Index` protocol and the `core.records` data model
(see `hoso.web.app`). Nothing here imports Prefect or the flows.
"""
