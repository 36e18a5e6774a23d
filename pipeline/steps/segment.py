"""The segment step: sentences and words (spaCy zh + pkuseg)."""
from __future__ import annotations

from ..models import pkuseg_model_dir
from ..records import Sentence
from ..segment import Segmenter


class SegmentStep:
    def __init__(self, config):
        # --models-dir names the model home; the segmenter wants the model's own folder
        self.segmenter = Segmenter(pkuseg_model_dir(config.models_dir))

    def __call__(self, result, progress) -> list[Sentence]:
        return self.segmenter(result.document, progress=progress)
