"""Aliases and search generations: `<prefix>-files` and `<prefix>-documents` each point at an
index of the current mapping version; a mapping change builds a new generation from the
stored records (never segmenting again) and swaps the alias atomically."""

from __future__ import annotations

import logging
import re
from typing import Any

from elasticsearch import (
    NotFoundError,
)

from core.errors import UsageError
from index.elasticsearch import mapping
from index.elasticsearch.client import Client
from index.elasticsearch.sources import rederive, same_source

log = logging.getLogger(__name__)


class Generations(Client):
    """The indices behind their aliases: created on first use, moved to a new index when a
    mapping changes, and the search generations of the documents index (build, swap,
    rollback)."""

    def _ready(self) -> None:
        """Create the indices and aliases on first use, or move them to a new mapping version."""
        if self._ready_done:
            return
        with self._errors("prepare its indices"):
            self._ensure_files()
            for attempt in range(2):
                live = self._alias_targets(self.documents_alias)
                if live and self._generation_version(live[0]) == self._documents_version():
                    break
                # First use, or the mapping changed: a generation of this version from the
                # records (the older one stays as the previous generation).
                try:
                    self._activate(self._build())
                except NotFoundError:
                    if attempt:  # another worker swapped the aliases at the same time
                        raise
        self._ready_done = True

    def version_index(self, alias: str, body: dict[str, Any]) -> str:
        """The name of the index that holds `alias` for this version of its mapping."""
        return f"{alias}-{mapping.version_of(body)}"

    def _ensure_files(self) -> None:
        """The catalog behind its alias, moved to a new index when its mapping changed."""
        alias, target = self.files_alias, self.version_index(self.files_alias, mapping.FILES)
        self._create(target, mapping.FILES)
        current = self._alias_targets(alias)
        if current == [target]:
            return
        older = [name for name in current if name != target]
        for name in older:
            self._copy(name, target, same_source, op_type="create")
        actions: list[dict[str, Any]] = [{"remove": {"index": n, "alias": alias}} for n in older]
        try:
            self.client.indices.update_aliases(
                actions=[*actions, {"add": {"index": target, "alias": alias}}]
            )
        except NotFoundError:
            return  # another worker moved the alias at the same time
        for name in older:
            log.info("moved %s from %s to %s", alias, name, target)
            self.client.options(ignore_status=404).indices.delete(index=name)

    # -- generations of the documents index ----------------------------------------------------
    # `<prefix>-documents` is the live generation, `<prefix>-documents-previous` the one it
    # replaced (for rollback), `<prefix>-documents-building` one being built; each generation is
    # an index `<prefix>-documents-<mapping version>-<n>`.
    def _documents_version(self) -> str:
        return mapping.version_of(mapping.DOCUMENTS)

    def _generation_version(self, name: str) -> str | None:
        found = re.fullmatch(re.escape(self.documents_alias) + r"-([0-9a-f]+)-(\d+)", name)
        return found.group(1) if found else None

    def _generations(self) -> list[str]:
        """Every generation index of this prefix (never another prefix's that merely shares its
        beginning)."""
        found = self.client.indices.get(index=f"{self.documents_alias}-*").body
        return sorted(n for n in found if self._generation_version(n) is not None)

    def _build(self) -> str:
        """Build (or finish building) a generation of the current mapping version from the live
        one. The live generation takes no writes meanwhile: a write block, lifted in any case,
        makes concurrent ingest fail with a clear BackendError and leave its files pending."""
        building_alias = f"{self.documents_alias}-building"
        version = self._documents_version()
        building = self._alias_targets(building_alias)
        if building and self._generation_version(building[0]) == version:
            name = building[0]
        else:
            numbers = [int(n.rsplit("-", 1)[1]) for n in self._generations()]
            name = f"{self.documents_alias}-{version}-{max(numbers, default=0) + 1}"
            self._create(name, mapping.DOCUMENTS)
            actions = [{"remove": {"index": n, "alias": building_alias}} for n in building]
            self.client.indices.update_aliases(
                actions=[*actions, {"add": {"index": name, "alias": building_alias}}]
            )
        live = self._alias_targets(self.documents_alias)
        for source in live:
            if source == name:
                continue
            self.client.indices.put_settings(index=source, settings={"index.blocks.write": True})
            try:
                self._copy(source, name, rederive)
            finally:
                self.client.indices.put_settings(
                    index=source, settings={"index.blocks.write": None}
                )
        self.client.indices.refresh(index=name)
        return name

    def _activate(self, name: str) -> None:
        """Make `name` live in one atomic alias change; the live one becomes the previous one and
        older generations are deleted."""
        alias = self.documents_alias
        previous_alias, building_alias = f"{alias}-previous", f"{alias}-building"
        if not self.client.indices.exists(index=name) or self._generation_version(name) is None:
            raise UsageError(f"no search generation named {name!r}")
        live = self._alias_targets(alias)
        previous = self._alias_targets(previous_alias)
        building = self._alias_targets(building_alias)
        actions: list[dict[str, Any]] = []
        if live != [name]:
            actions += [{"remove": {"index": n, "alias": alias}} for n in live]
            actions.append({"add": {"index": name, "alias": alias}})
            actions += [{"remove": {"index": n, "alias": previous_alias}} for n in previous]
            actions += [{"add": {"index": n, "alias": previous_alias}} for n in live]
        if name in building:
            actions.append({"remove": {"index": name, "alias": building_alias}})
        if actions:
            self.client.indices.update_aliases(actions=actions)
        keep = {name, *(n for n in live if n != name), *(n for n in building if n != name)}
        if live == [name]:
            keep.update(previous)
        for old in self._generations():
            if old not in keep:
                self.client.options(ignore_status=404).indices.delete(index=old)

    @property
    def current_generation(self) -> str | None:
        """The live generation: the index the documents alias points at."""
        self._ready()
        with self._errors("read the live generation"):
            live = self._alias_targets(self.documents_alias)
        return live[0] if live else None

    def build_generation(self) -> str:
        """Build a new generation from the stored records beside the live one (finishing an
        interrupted build); returns its name. Searches keep answering meanwhile."""
        self._ready()
        with self._errors("build a search generation"):
            return self._build()

    def activate_generation(self, name: str) -> None:
        self._ready()
        with self._errors("activate a search generation"):
            self._activate(name)

    def rollback_generation(self) -> str:
        """Swap back to the generation the last activation replaced; returns its name."""
        self._ready()
        alias, previous_alias = self.documents_alias, f"{self.documents_alias}-previous"
        with self._errors("roll back the search generation"):
            previous = self._alias_targets(previous_alias)
            if not previous or not self.client.indices.exists(index=previous[0]):
                raise UsageError("no previous generation to roll back to")
            live = self._alias_targets(alias)
            actions: list[dict[str, Any]] = [{"remove": {"index": n, "alias": alias}} for n in live]
            actions += [
                {"add": {"index": previous[0], "alias": alias}},
                {"remove": {"index": previous[0], "alias": previous_alias}},
            ]
            actions += [{"add": {"index": n, "alias": previous_alias}} for n in live]
            self.client.indices.update_aliases(actions=actions)
        return previous[0]

    def _write_targets(self) -> list[str]:
        """Where document writes go: the live generation and, while one is being built or
        awaits activation, that one too (it must not miss what is written meanwhile)."""
        return [self.documents_alias, *self._alias_targets(f"{self.documents_alias}-building")]
