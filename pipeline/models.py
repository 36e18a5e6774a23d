"""Model data: where it lives, how to fetch it, and loading it once per process.

spacy-pkuseg ships no weights; the trained default model is inside the PyPI
source distribution of ``pkuseg`` 0.0.25.  ``fetch_pkuseg`` downloads that
archive from the package index (checked against its published sha256) and
extracts the model files into the model home.  Nothing is fetched at run time: ``pkuseg_model_dir``
fails with a message naming ``bulletin-ie models fetch`` when the model is
missing.

The model home is ``$BULLETIN_IE_HOME`` if set, else ``models/`` of a source
checkout, else ``~/.cache/bulletin-ie``.

Start-up: pkuseg's feature table (2.6 million strings in a pickle) took most
of a fresh process's start-up to read.  ``convert_pkuseg`` turns it, once at
fetch time (or on the first load if missing), into ``fast/``: the keys as one
UTF-8 blob grouped by the first text character they mention, their indices as
a numpy array, the word lists likewise, and the weights as a plain .npy.
``load_pkuseg`` builds spacy-pkuseg's own ``pkuseg`` object around them
(memory-mapped) and fills its feature dict and word set lazily, with only the
groups of the characters a text contains, before pkuseg segments it; so
segmentation gives exactly what the original table gives.
"""
from __future__ import annotations

import contextlib
import gc
import io
import hashlib
import html.parser
import json
import mmap
import os
import pickle
import shutil
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterable

from .errors import ModelMissing

PKUSEG_VERSION = "0.0.25"
PKUSEG_SDIST = f"pkuseg-{PKUSEG_VERSION}.tar.gz"
PKUSEG_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
PKUSEG_MEMBERS = ("pkuseg/models/default/features.pkl", "pkuseg/models/default/weights.npz")
PKUSEG_DIRNAME = f"pkuseg-{PKUSEG_VERSION}-default"
DEFAULT_INDEX = "https://pypi.org/simple"


def model_home(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("BULLETIN_IE_HOME")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir() and os.access(checkout, os.W_OK):
        return checkout
    return Path.home() / ".cache" / "bulletin-ie"


def cache_dir() -> Path:
    """Where derived data is kept between processes (the gazetteer's compact form):
    ``$BULLETIN_IE_CACHE`` if set, else ``cache/`` in the model home.  Each file
    there is named by a hash of its sources, so a stale one is never read."""
    env = os.environ.get("BULLETIN_IE_CACHE")
    return Path(env) if env else model_home() / "cache"


def pkuseg_model_dir(home: str | Path | None = None) -> Path:
    """The pkuseg model directory; raises ModelMissing naming the fetch command."""
    path = model_home(home) / PKUSEG_DIRNAME
    if not (path / "weights.npz").is_file() or not (path / "features.pkl").is_file():
        fetch = "bulletin-ie models fetch" + (f" --dir {home}" if home else "")
        raise ModelMissing(
            f"the pkuseg segmentation model is not in {path}. "
            f"Run `{fetch}` (or `make models`) once; "
            f"set BULLETIN_IE_HOME or --models-dir to use another location."
        )
    return path


def model_info(home: str | Path | None = None) -> dict:
    """What manifest.json records about the models in use."""
    try:
        path = pkuseg_model_dir(home)
    except ModelMissing:
        return {"pkuseg": None}
    info_file = path / "SOURCE.json"
    info = json.loads(info_file.read_text()) if info_file.is_file() else {}
    return {"pkuseg": {"path": str(path), **info}}


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links[href.rsplit("/", 1)[-1].split("#", 1)[0]] = href


def _sdist_url(index: str) -> str:
    """Find the sdist's URL on a PEP 503 simple index (PyPI or a mirror)."""
    page_url = f"{index.rstrip('/')}/pkuseg/"
    with urllib.request.urlopen(page_url, timeout=60) as resp:
        parser = _Links()
        parser.feed(resp.read().decode("utf-8", "replace"))
    href = parser.links.get(PKUSEG_SDIST)
    if not href:
        raise RuntimeError(f"{PKUSEG_SDIST} not listed on {page_url}")
    return urllib.parse.urljoin(page_url, href)


def _extract(archive: Path, target: Path) -> None:
    """Take the two model files out of the sdist into ``target``, atomically."""
    tmp = Path(tempfile.mkdtemp(prefix=".pkuseg-", dir=target.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                tail = member.name.split("/", 1)[-1]
                if tail in PKUSEG_MEMBERS:
                    with tar.extractfile(member) as src, open(tmp / Path(tail).name, "wb") as dst:
                        shutil.copyfileobj(src, dst)
        if not (tmp / "weights.npz").is_file() or not (tmp / "features.pkl").is_file():
            raise RuntimeError(f"{archive} does not contain the pkuseg default model")
        (tmp / "SOURCE.json").write_text(json.dumps(
            {"package": "pkuseg", "version": PKUSEG_VERSION, "sdist_sha256": PKUSEG_SHA256,
             "files": ["features.pkl", "weights.npz"]}, indent=2))
        os.chmod(tmp, 0o755)
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def fetch_pkuseg(home: str | Path | None = None, archive: str | Path | None = None,
                 index: str | None = None, log=print) -> Path:
    """Get the pkuseg model into the model home; does nothing if it is there.

    ``archive`` is a local copy of pkuseg-0.0.25.tar.gz (for offline servers);
    otherwise it is downloaded from ``index`` ($PIP_INDEX_URL or PyPI).
    """
    home = model_home(home)
    target = home / PKUSEG_DIRNAME
    try:
        pkuseg_model_dir(home)
        log(f"pkuseg model already in {target}")
        fast_pkuseg_dir(target)
        return target
    except ModelMissing:
        pass
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home) as tmpdir:
        if archive is None:
            index = index or os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX
            url = _sdist_url(index)
            log(f"downloading {PKUSEG_SDIST} from {url.split('#')[0]}")
            archive = Path(tmpdir) / PKUSEG_SDIST
            with urllib.request.urlopen(url, timeout=300) as resp, open(archive, "wb") as out:
                shutil.copyfileobj(resp, out)
        archive = Path(archive)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != PKUSEG_SHA256:
            raise RuntimeError(f"{archive}: sha256 {digest} does not match the published {PKUSEG_SHA256}")
        log(f"extracting the model into {target}")
        _extract(archive, target)
    log("converting its feature table for fast loading")
    convert_pkuseg(target)
    return target


# -- fast loading of the pkuseg model ------------------------------------------------

FAST_DIR = "fast"
FAST_FORMAT = 1
# The pseudo-characters spacy-pkuseg puts in place of digits, letters and "no word".
_PSEUDO = ("**noWord", "**Num", "**Letter")


def _first_node(text: str, separators: str = "") -> str:
    """The first text node a key mentions: a character, or **Num / **Letter.

    Every key pkuseg looks up while segmenting a text is built from that text's
    nodes (and separators and **noWord, which are never nodes), so loading the
    keys whose first node occurs in the text loads every key it can look up.
    ``""`` means "no node": such keys are always loaded.
    """
    i = 0
    while i < len(text):
        for pseudo in _PSEUDO:
            if text.startswith(pseudo, i):
                if pseudo != "**noWord":
                    return pseudo
                i += len(pseudo)
                break
        else:
            if text[i] not in separators:
                return text[i]
            i += 1
    return ""


def _feature_group(key: str) -> str:
    """The group of a feature key such as 'c-1c.我.们' or 'ww.l.**noWord*人民'."""
    if key.startswith(("ww.l.", "ww.r.")):
        content = key[5:]
    elif "." in key:
        content = key[key.index(".") + 1:]
    else:
        return ""
    return _first_node(content, separators=".*")


def _grouped_blob(items: Iterable[str], group_of) -> tuple[bytes, list[str], dict[str, list[int]]]:
    """Items sorted by group, as one newline-joined UTF-8 blob with each group's
    [first row, end row, first byte, end byte]."""
    keyed = sorted((group_of(x), x) for x in items)
    blob = bytearray()
    order: list[str] = []
    groups: dict[str, list[int]] = {}
    for n, (group, item) in enumerate(keyed):
        if "\n" in item:
            raise ValueError(f"pkuseg table entry with a newline: {item!r}")
        if group not in groups:
            groups[group] = [n, n, len(blob), len(blob)]
        data = item.encode("utf-8") + b"\n"
        blob += data
        groups[group][1] = n + 1
        groups[group][3] = len(blob)
        order.append(item)
    return bytes(blob), order, groups


def convert_pkuseg(model_dir: str | Path) -> Path:
    """Write ``fast/`` beside features.pkl and weights.npz (atomically); returns it."""
    import numpy as np

    model_dir = Path(model_dir)
    target = model_dir / FAST_DIR
    with open(model_dir / "features.pkl", "rb") as fh:
        data = load_without_gc(pickle.load, fh)
    tmp = Path(tempfile.mkdtemp(prefix=".fast-", dir=model_dir))
    try:
        index: dict[str, Any] = {"format": FAST_FORMAT, "tag_to_idx": data["tag_to_idx"],
                                 "n_feature": len(data["feature_to_idx"])}
        features = data["feature_to_idx"]
        blob, order, groups = _grouped_blob(features, _feature_group)
        (tmp / "features.txt").write_bytes(blob)
        np.save(tmp / "features.npy", np.fromiter((features[k] for k in order), dtype=np.int32,
                                                  count=len(order)))
        index["features"] = groups
        for name in ("unigram", "bigram"):
            blob, _, groups = _grouped_blob(data[name], lambda w: _first_node(w, "*" if name == "bigram" else ""))
            (tmp / f"{name}.txt").write_bytes(blob)
            index[name] = groups
        with np.load(model_dir / "weights.npz") as npz:
            np.save(tmp / "weights.npy", np.ascontiguousarray(npz["w"], dtype=np.float64))
            index["sizes"] = [int(x) for x in npz["sizes"]]
        (tmp / "index.json").write_text(json.dumps(index, ensure_ascii=False))
        os.chmod(tmp, 0o755)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            tmp.rename(target)
        except OSError:  # another process converted it meanwhile: theirs is as good
            if not (target / "index.json").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    gc.unfreeze()  # the pickle's objects are garbage now
    return target


class PkusegTables:
    """The converted tables, memory-mapped; fills a pkuseg FeatureExtractor's
    ``feature_to_idx``, ``unigram`` and ``bigram`` one character group at a time."""

    def __init__(self, fast_dir: Path, index: dict | None = None):
        import numpy as np

        if index is None:  # (``_fast_index`` has read it already when it checked the format)
            index = json.loads((fast_dir / "index.json").read_text(encoding="utf-8"))
        if index.get("format") != FAST_FORMAT:
            raise ValueError(f"{fast_dir}: format {index.get('format')}, expected {FAST_FORMAT}")
        self.index = index
        self._blobs = {}
        for name in ("features", "unigram", "bigram"):
            with open(fast_dir / f"{name}.txt", "rb") as fh:
                self._blobs[name] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._values = np.load(fast_dir / "features.npy", mmap_mode="r")
        # copy-on-write: pkuseg's Viterbi wants a writable float64 buffer
        self.weights = np.load(fast_dir / "weights.npy", mmap_mode="c")
        self.loaded: set[str] = set()

    def _entries(self, name: str, group: str) -> list[str]:
        span = self.index[name].get(group)
        if not span:
            return []
        return self._blobs[name][span[2]:span[3]].decode("utf-8").split("\n")[:-1]

    def fill(self, extractor, groups: Iterable[str]) -> None:
        """Add the entries of ``groups`` not yet loaded to the extractor's tables."""
        for group in set(groups) - self.loaded:
            self.loaded.add(group)
            keys = self._entries("features", group)
            if keys:
                rows = self.index["features"][group]
                extractor.feature_to_idx.update(zip(keys, self._values[rows[0]:rows[1]].tolist()))
            extractor.unigram.update(self._entries("unigram", group))
            extractor.bigram.update(self._entries("bigram", group))

    def fill_all(self, extractor) -> None:
        groups = set(self.index["features"]) | set(self.index["unigram"]) | set(self.index["bigram"])
        self.fill(extractor, groups)


class UserWords:
    """spacy-pkuseg's default user dictionary (390,000 words it merges segmented
    pieces into), grouped by first character in a cache file and read by the
    characters of each text before it is post-processed: reading it whole took
    a quarter of a second of every start.  A merged word is made of the piece's
    characters, so its first character's group is always read in time."""

    def __init__(self, source: Path, cache: Path):
        self.loaded: set[str] = set()
        key = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        blob_path, index_path = cache / f"pkuseg-dict-{key}.txt", cache / f"pkuseg-dict-{key}.json"
        try:
            self.groups = json.loads(index_path.read_text(encoding="utf-8"))
            with open(blob_path, "rb") as fh:
                self.blob = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            self.blob, self.groups = self._build(source, blob_path, index_path)

    @staticmethod
    def _build(source: Path, blob_path: Path, index_path: Path) -> tuple[bytes, dict]:
        with open(source, "rb") as fh:
            words = {w for w in pickle.load(fh).strip().split("\n") if w}
        blob, _, groups = _grouped_blob(words, lambda w: w[:1])
        spans = {g: [v[2], v[3]] for g, v in groups.items()}
        try:  # a cache that cannot be written only costs the next process this build
            blob_path.parent.mkdir(parents=True, exist_ok=True)
            for path, data in ((blob_path, blob), (index_path, json.dumps(spans, ensure_ascii=False).encode())):
                fd, tmp = tempfile.mkstemp(prefix=".pkuseg-dict-", dir=path.parent)
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
        except OSError:
            pass
        return blob, spans

    def fill(self, words: set[str], chars: Iterable[str]) -> None:
        """Add to ``words`` the dictionary's words that begin with one of ``chars``."""
        for c in set(chars) - self.loaded:
            self.loaded.add(c)
            span = self.groups.get(c)
            if span:
                words.update(self.blob[span[0]:span[1]].decode("utf-8").split("\n")[:-1])


def fast_pkuseg_dir(model_dir: Path) -> Path:
    """``fast/`` of a pkuseg model, converted now if it is missing or outdated."""
    return _fast_index(model_dir)[0]


def _fast_index(model_dir: Path) -> tuple[Path, dict | None]:
    """``fast/`` of a pkuseg model and its parsed index.json (None after a fresh
    conversion): 0.7 MB of JSON, parsed once at start-up, not twice."""
    fast = model_dir / FAST_DIR
    try:
        index = json.loads((fast / "index.json").read_text(encoding="utf-8"))
        if index.get("format") == FAST_FORMAT:
            return fast, index
    except (OSError, ValueError):
        pass
    return convert_pkuseg(model_dir), None


def load_pkuseg(model_dir: str | Path | None = None):
    """spacy-pkuseg's ``pkuseg`` segmenter for the default model, from ``fast/``.

    The object is pkuseg's own (spaCy's tokenizer uses it as ``pkuseg_seg``),
    with the same pre- and post-processing as ``spacy_pkuseg.pkuseg(model_dir)``;
    its feature table is filled lazily, and completely before it is saved.
    """
    import spacy_pkuseg
    from spacy_pkuseg.feature_extractor import FeatureExtractor
    from spacy_pkuseg.model import Model

    model_dir = Path(model_dir) if model_dir else pkuseg_model_dir()
    tables = PkusegTables(*_fast_index(model_dir))
    extractor = FeatureExtractor.__new__(FeatureExtractor)
    extractor.feature_to_idx, extractor.unigram, extractor.bigram = {}, set(), set()
    extractor.tag_to_idx = dict(tables.index["tag_to_idx"])
    tables.fill(extractor, [""])
    n_tag, n_feature = tables.index["sizes"]
    model = Model.__new__(Model)
    model.n_tag, model.n_feature = n_tag, n_feature
    model.n_transition_feature = n_tag * (n_feature + n_tag)
    model.w = tables.weights

    seg = spacy_pkuseg.pkuseg.__new__(spacy_pkuseg.pkuseg)
    default_dict = Path(spacy_pkuseg.__file__).parent / "dicts" / "default.pkl"
    # as pkuseg.__init__ does for a model path with the "default" user dict, its
    # words read lazily (UserWords)
    seg.postag = False
    seg.preprocesser = spacy_pkuseg.Preprocesser(None)
    post = spacy_pkuseg.Postprocesser.__new__(spacy_pkuseg.Postprocesser)
    post.do_process, post.common_words, post.other_words = True, set(), set()
    seg.postprocesser = post
    user_words = UserWords(default_dict, cache_dir())
    seg.feature_extractor, seg.model = extractor, model
    seg.idx_to_tag = {idx: tag for tag, idx in extractor.tag_to_idx.items()}
    seg.n_feature, seg.n_tag = n_feature, n_tag
    seg.tables = tables

    cut = seg._cut
    normalize = FeatureExtractor.normalize_text

    def lazy_cut(text: str) -> list[str]:
        tables.fill(extractor, set(normalize(text)))
        user_words.fill(post.other_words, text)  # (the post-processing of this text's pieces)
        return cut(text)

    save = extractor.save

    def full_save(model_dir=None) -> None:
        tables.fill_all(extractor)
        save(model_dir)

    seg._cut, extractor.save = lazy_cut, full_save
    return seg


def skip_unused_torch() -> None:
    """Keep spaCy's thinc from importing PyTorch, which it does whenever torch is
    installed (1.3 s of start-up) although no stage uses it.  Only for processes
    the CLI owns and that do not run the HanLP backend; a no-op once either
    module is imported."""
    if "torch" not in sys.modules and "thinc" not in sys.modules:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError


@contextlib.contextmanager
def torch_hidden(hide: bool = True):
    """While spaCy loads, keep its thinc from importing PyTorch, then forget the
    refusal, so that the caller's own ``import torch`` later still works.

    For the Python API, whose process belongs to the caller: unlike
    ``skip_unused_torch`` it leaves no trace once the block is done.  thinc
    then believes torch absent, which no stage of ours minds.
    """
    hiding = hide and "torch" not in sys.modules and "thinc" not in sys.modules
    if hiding:
        sys.modules["torch"] = None
    try:
        yield
    finally:
        if hiding and "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


def load_without_gc(loader, *args, **kwargs):
    """Run a loader that builds millions of small objects with the collector paused.

    The collector would otherwise traverse the growing heap again and again
    (reading pkuseg's pickled feature table, once at conversion time, takes
    twice as long with it); afterwards the loaded objects are frozen out of
    future collections.  Anything the loader prints to stderr is swallowed.
    """
    gc.disable()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return loader(*args, **kwargs)
    finally:
        gc.freeze()
        gc.enable()


__all__ = ["ModelMissing", "model_home", "cache_dir", "pkuseg_model_dir", "fetch_pkuseg", "model_info",
           "load_without_gc", "skip_unused_torch", "torch_hidden", "convert_pkuseg", "load_pkuseg", "PkusegTables"]
