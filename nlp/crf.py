"""underthesea's word-segmentation CRF, scored in Python from its own model file.

`word_tokenize` tags each syllable B-W (begins a word) or I-W (inside one) with a linear-chain
CRF: underthesea_core's featurizer writes 43 feature strings per syllable ("T[-1,0].lower=hội
đồng", "T[0].is_in_dict=True", …), which cross from Rust to Python and back into its tagger.
That traffic, not the arithmetic, is most of segmentation's time, and segmentation is most of
ingestion's. Each feature depends on one, two or three neighbouring syllables only, so here the
weights of all the features one syllable (or pair, or triple) at one offset gives are summed
once and kept: a syllable then costs twelve lookups and two additions each, whatever the
features. The model is the one underthesea ships (a CRFsuite file, read by `read_model`), with
its own dictionary and feature list; the tags are the same as underthesea's on every line of the
shared corpus (`tests/test_words.py`). A feature list other than the one this module knows (a
new underthesea model) makes `load` return None, and the caller keeps underthesea's own tagger.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

# underthesea's word-segmentation features (its model's `features.bin`), in its order.
TEMPLATES = (
    ["T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]"]
    + ["T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]", "T[-2,0]", "T[-1,1]", "T[0,2]"]
    + ["T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower"]
    + ["T[-2,-1].lower", "T[-1,0].lower", "T[0,1].lower", "T[1,2].lower"]
    + ["T[-1].isdigit", "T[0].isdigit", "T[1].isdigit"]
    + ["T[-2].istitle", "T[-1].istitle", "T[0].istitle", "T[1].istitle", "T[2].istitle"]
    + ["T[0,1].istitle", "T[0,2].istitle"]
    + [f"T[{k}].is_in_dict" for k in (-2, -1, 0, 1, 2)]
    + [f"T[{a},{b}].is_in_dict" for a, b in ((-2, -1), (-1, 0), (0, 1), (1, 2))]
    + [f"T[{a},{b}].is_in_dict" for a, b in ((-2, 0), (-1, 1), (0, 2))]
)
LABELS = ["B-W", "I-W"]
# Before the first syllable and after the last (features there read "BOS", "EOS").
_BOS, _EOS = "\x00BOS", "\x00EOS"
# Sums kept per cache before it starts afresh (about 30 MB for the three at their fullest).
_CACHE_LIMIT = 60_000


@dataclass
class Model:
    """The weights of a CRFsuite model: per attribute the weight of each label, and the
    label-to-label transitions."""

    labels: list[str]
    state: dict[str, tuple[float, ...]]
    transitions: list[list[float]]


def read_model(path: Path) -> Model:
    """A CRFsuite model file (CRF1d: "lCRF", "FOMC"), as crfsuite writes it."""
    data = path.read_bytes()
    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError(f"{path.name} is not a CRFsuite model")
    _, _, labels_count, _, features_at, labels_at, attributes_at = struct.unpack_from(
        "<7I", data, 12
    )
    labels, attributes = _strings(data, labels_at), _strings(data, attributes_at)
    if data[features_at : features_at + 4] != b"FEAT":
        raise ValueError(f"{path.name}: no feature chunk where the header says")
    (count,) = struct.unpack_from("<I", data, features_at + 8)
    state: dict[str, list[float]] = {}
    transitions = [[0.0] * labels_count for _ in range(labels_count)]
    for kind, source, target, weight in struct.iter_unpack(
        "<IIId", data[features_at + 12 : features_at + 12 + 20 * count]
    ):
        if kind == 0:  # a state feature: attribute → label
            state.setdefault(attributes[source], [0.0] * labels_count)[target] += weight
        else:  # a transition: label → label
            transitions[source][target] += weight
    return Model(
        [labels[i] for i in range(labels_count)],
        {a: tuple(w) for a, w in state.items()},
        transitions,
    )


def _strings(data: bytes, at: int) -> dict[int, str]:
    """The id → string table of a CQDB chunk (crfsuite's constant database), read from its
    backward array."""
    if data[at : at + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    # chunk id, size, flag, byte order, then the backward array's length and offset
    backward_size, backward_at = struct.unpack_from("<2I", data, at + 16)
    out = {}
    for (record,) in struct.iter_unpack(
        "<I", data[at + backward_at : at + backward_at + 4 * backward_size]
    ):
        if record:
            ident, length = struct.unpack_from("<iI", data, at + record)
            out[ident] = data[at + record + 8 : at + record + 7 + length].decode("utf-8")
    return out


@dataclass
class Segmenter:
    """B-W / I-W tags of a line's syllables, as underthesea's tagger gives them."""

    model: Model
    dictionary: frozenset[str]
    # The summed weights of the two labels, B-W + I-W·j: one number to add.
    _one: dict[tuple[int, str], complex] = field(default_factory=dict)
    _two: dict[tuple[int, str, str], complex] = field(default_factory=dict)
    _three: dict[tuple[int, str, str, str], complex] = field(default_factory=dict)

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        for cache in (self._one, self._two, self._three):
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
        padded = [_BOS, _BOS, *tokens, _EOS, _EOS]
        one, two, three = self._one, self._two, self._three
        (b_b, b_i), (i_b, i_i) = self.model.transitions
        begin = inside = 0.0  # the best path's score ending in B-W, in I-W
        back: list[tuple[int, int]] = []
        for p in range(2, len(tokens) + 2):
            score = 0j
            for k in (-2, -1, 0, 1, 2):
                t = padded[p + k]
                w = one.get((k, t))
                score += self._sum_one(k, t) if w is None else w
            for k in (-2, -1, 0, 1):
                t, u = padded[p + k], padded[p + k + 1]
                w = two.get((k, t, u))
                score += self._sum_two(k, t, u) if w is None else w
            for k in (-2, -1, 0):
                t, u, v = padded[p + k], padded[p + k + 1], padded[p + k + 2]
                w = three.get((k, t, u, v))
                score += self._sum_three(k, t, u, v) if w is None else w
            s_begin, s_inside = score.real, score.imag
            if p == 2:
                begin, inside = s_begin, s_inside
                continue
            to_b = (begin + b_b, inside + i_b)
            to_i = (begin + b_i, inside + i_i)
            from_b = 0 if to_b[0] >= to_b[1] else 1
            from_i = 0 if to_i[0] >= to_i[1] else 1
            back.append((from_b, from_i))
            begin, inside = to_b[from_b] + s_begin, to_i[from_i] + s_inside
        label = 0 if begin >= inside else 1
        path = [label]
        for step in reversed(back):
            label = step[label]
            path.append(label)
        labels = self.model.labels
        return [labels[j] for j in reversed(path)]

    def _weights(self, attributes: list[str]) -> complex:
        s_begin = s_inside = 0.0
        state = self.model.state
        for a in attributes:
            w = state.get(a)
            if w is not None:
                s_begin += w[0]
                s_inside += w[1]
        return complex(s_begin, s_inside)

    def _sum_one(self, k: int, t: str) -> complex:
        if t in (_BOS, _EOS):
            edge = t[1:]
            values = [edge] * 5
        else:
            low = t.lower()
            title = not t[0].islower()
            values = [
                t,
                low,
                str(t.isascii() and t.isdigit()),
                str(title),
                str(low in self.dictionary),
            ]
        names = ("", ".lower", ".isdigit", ".istitle", ".is_in_dict")
        attributes = [
            f"T[{k}]{name}={value}"
            for name, value in zip(names, values, strict=True)
            if name != ".isdigit" or -1 <= k <= 1
        ]
        w = self._one[(k, t)] = self._weights(attributes)
        return w

    def _sum_two(self, k: int, t: str, u: str) -> complex:
        span = f"T[{k},{k + 1}]"
        edge = _edge(t, u)
        if edge:
            attributes = [f"{span}={edge}", f"{span}.lower={edge}", f"{span}.is_in_dict={edge}"]
            title = edge
        else:
            text = f"{t} {u}"
            low = text.lower()
            attributes = [
                f"{span}={text}",
                f"{span}.lower={low}",
                f"{span}.is_in_dict={low in self.dictionary}",
            ]
            title = str(not (t[0].islower() or u[0].islower()))
        if k == 0:
            attributes.append(f"T[0,1].istitle={title}")
        w = self._two[(k, t, u)] = self._weights(attributes)
        return w

    def _sum_three(self, k: int, t: str, u: str, v: str) -> complex:
        span = f"T[{k},{k + 2}]"
        edge = _edge(t, u, v)
        if edge:
            attributes = [f"{span}={edge}", f"{span}.is_in_dict={edge}"]
            title = edge
        else:
            text = f"{t} {u} {v}"
            attributes = [f"{span}={text}", f"{span}.is_in_dict={text.lower() in self.dictionary}"]
            title = str(not (t[0].islower() or u[0].islower() or v[0].islower()))
        if k == 0:
            attributes.append(f"T[0,2].istitle={title}")
        w = self._three[(k, t, u, v)] = self._weights(attributes)
        return w


def _edge(*tokens: str) -> str | None:
    """ "BOS" when a span starts before the line, "EOS" when it ends after it (BOS first)."""
    if _BOS in tokens:
        return "BOS"
    if _EOS in tokens:
        return "EOS"
    return None


def load(model_dir: Path) -> Segmenter | None:
    """The segmenter for underthesea's model in `model_dir` (`models.bin`, `features.bin`,
    `dictionary.bin`, read as underthesea reads them), or None when its features or labels are
    not the ones this module computes."""
    import joblib  # underthesea's own dependency, which wrote the two lists

    if list(joblib.load(model_dir / "features.bin")) != TEMPLATES:
        return None
    model = read_model(model_dir / "models.bin")
    if model.labels != LABELS:
        return None
    return Segmenter(model, frozenset(joblib.load(model_dir / "dictionary.bin")))
