"""Model data: the fast form of pkuseg's feature table, and keeping PyTorch out.

A tiny hand-made pkuseg model checks the conversion and the lazy filling;
one test compares segmentation with the real model against spacy-pkuseg's own
loader (slow: it reads the original pickle).
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

from pipeline.models import (FAST_DIR, PkusegTables, UserWords, _feature_group, _first_node, convert_pkuseg,
                             fast_pkuseg_dir, load_pkuseg, pkuseg_model_dir)

from .conftest import ROOT, SEEDS

FEATURES = ["$$", "c.人", "c-1.民", "c-1c.人.民", "cc1.**Num.年", "w-1.人民", "w1.人民",
            "ww.l.**noWord*人民", "ww.r.人民***noWord", "ww.l.**noWord***noWord", "c.**Letter"]


@pytest.fixture
def tiny_model(tmp_path):
    data = {"unigram": ["", "人民", "**Num年", "代表"], "bigram": ["人民*代表", "**Num*年"],
            "feature_to_idx": {k: i for i, k in enumerate(reversed(FEATURES))},
            "tag_to_idx": {"B": 0, "B_single": 1, "I": 2, "I_end": 3, "I_first": 4}}
    with open(tmp_path / "features.pkl", "wb") as fh:
        pickle.dump(data, fh)
    n_tag, n_feature = 5, len(FEATURES)
    np.savez(tmp_path / "weights.npz", sizes=np.array([n_tag, n_feature]),
             w=np.arange(n_tag * (n_feature + n_tag), dtype=np.float64))
    return tmp_path, data


def test_a_key_is_grouped_by_the_first_text_node_it_mentions():
    assert _feature_group("c-1c.人.民") == "人"
    assert _feature_group("cc1.**Num.年") == "**Num"
    assert _feature_group("ww.l.**noWord*人民") == "人"     # **noWord is never a text node
    assert _feature_group("ww.l.**noWord***noWord") == ""   # looked up for every text: always loaded
    assert _feature_group("$$") == ""
    assert _first_node("**Letter代表") == "**Letter" and _first_node("") == ""


def test_conversion_fills_the_tables_lazily_and_completely(tiny_model):
    model_dir, data = tiny_model
    fast = convert_pkuseg(model_dir)
    assert fast == model_dir / FAST_DIR and (fast / "index.json").is_file()
    tables = PkusegTables(fast)

    class Extractor:
        feature_to_idx: dict = {}
        unigram: set = set()
        bigram: set = set()

    ext = Extractor()
    ext.feature_to_idx, ext.unigram, ext.bigram = {}, set(), set()
    tables.fill(ext, [""])
    assert set(ext.feature_to_idx) == {"$$", "ww.l.**noWord***noWord"} and ext.unigram == {""}
    tables.fill(ext, ["人"])
    assert "c-1c.人.民" in ext.feature_to_idx and "c-1.民" not in ext.feature_to_idx
    assert "人民" in ext.unigram and "人民*代表" in ext.bigram
    tables.fill_all(ext)
    assert ext.feature_to_idx == data["feature_to_idx"]
    assert ext.unigram == set(data["unigram"]) and ext.bigram == set(data["bigram"])
    assert tables.weights.flags.writeable and tables.weights.dtype == np.float64
    assert list(tables.weights[:3]) == [0.0, 1.0, 2.0]


def test_missing_or_outdated_fast_tables_are_rebuilt(tiny_model):
    model_dir, _ = tiny_model
    assert not (model_dir / FAST_DIR).exists()
    fast = fast_pkuseg_dir(model_dir)  # converted on first load
    (fast / "index.json").write_text('{"format": 0}')
    assert fast_pkuseg_dir(model_dir) == fast
    assert '"format": 1' in (fast / "index.json").read_text()


@pytest.mark.slow
def test_segmentation_is_the_same_as_with_the_original_pickle():
    import spacy_pkuseg

    model_dir = pkuseg_model_dir()
    fast = load_pkuseg(model_dir)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("2021年ABC公司在ｘｙ路3.5公里处")
    ours = [fast.cut(t) for t in texts]
    original = spacy_pkuseg.pkuseg(str(model_dir))
    assert ours == [original.cut(t) for t in texts]
    assert len(fast.feature_extractor.feature_to_idx) < len(original.feature_extractor.feature_to_idx)
    # the user dictionary too is read only by the characters of the texts
    assert 0 < len(fast.postprocesser.other_words) < len(original.postprocesser.other_words)


def test_the_user_words_are_grouped_once_into_the_cache(tmp_path):
    import pickle

    source = tmp_path / "dict.pkl"
    source.write_bytes(pickle.dumps("人民代表\n人大常委会\n代表大会\n"))
    built = UserWords(source, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("pkuseg-dict-*"))) == 2
    words: set[str] = set()
    built.fill(words, "人")
    assert words == {"人民代表", "人大常委会"}
    again = UserWords(source, tmp_path / "cache")  # read from the cache
    again.fill(words, "代人")
    assert words == {"人民代表", "人大常委会", "代表大会"}


FAKE_TORCH = "import os\nopen(os.environ['TORCH_MARK'], 'w').write('imported')\n"


@pytest.mark.slow
def test_the_api_imports_no_torch_unless_the_hanlp_backend_is_asked_for(tmp_path):
    """A stand-in torch package records its import; the API must not import it,
    and the caller's own `import torch` afterwards must still work."""
    (tmp_path / "torch").mkdir()
    (tmp_path / "torch" / "__init__.py").write_text(FAKE_TORCH)
    mark = tmp_path / "mark"
    code = ("import os, sys\n"
            "from pipeline import process_text\n"
            "process_text('桃源县收集建议120件。')\n"
            "print('before', os.path.exists(os.environ['TORCH_MARK']))\n"
            "import torch\n"
            "print('after', os.path.exists(os.environ['TORCH_MARK']))\n")
    env = {**os.environ, "TORCH_MARK": str(mark),
           "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["before", "False", "after", "True"]
