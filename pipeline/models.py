"""Model data: where it lives, how to fetch it, and loading it once per process.

spacy-pkuseg ships no weights; the trained default model is inside the PyPI
source distribution of ``pkuseg`` 0.0.25.  ``fetch_pkuseg`` downloads that
archive from the package index (checked against its published sha256) and
extracts the model files into the model home.  Nothing is fetched at run time: ``pkuseg_model_dir``
fails with a message naming ``bulletin-ie models fetch`` when the model is
missing.

The model home is ``$BULLETIN_IE_HOME`` if set, else ``models/`` of a source
checkout, else ``~/.cache/bulletin-ie``.
"""
from __future__ import annotations

import contextlib
import gc
import io
import hashlib
import html.parser
import json
import os
import shutil
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

PKUSEG_VERSION = "0.0.25"
PKUSEG_SDIST = f"pkuseg-{PKUSEG_VERSION}.tar.gz"
PKUSEG_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
PKUSEG_MEMBERS = ("pkuseg/models/default/features.pkl", "pkuseg/models/default/weights.npz")
PKUSEG_DIRNAME = f"pkuseg-{PKUSEG_VERSION}-default"
DEFAULT_INDEX = "https://pypi.org/simple"


class ModelMissing(RuntimeError):
    """A model the pipeline needs is not on disk."""


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


def pkuseg_model_dir(home: str | Path | None = None) -> Path:
    """The pkuseg model directory; raises ModelMissing naming the fetch command."""
    path = model_home(home) / PKUSEG_DIRNAME
    if not (path / "weights.npz").is_file() or not (path / "features.pkl").is_file():
        raise ModelMissing(
            f"the pkuseg segmentation model is not in {path}. "
            f"Run `bulletin-ie models fetch` (or `make models`) once; "
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
    return target


def skip_unused_torch() -> None:
    """Keep spaCy's thinc from importing PyTorch, which it does whenever torch is
    installed (1.3 s of start-up) although no stage uses it.  Only for processes
    the CLI owns and that do not run the HanLP backend; a no-op once either
    module is imported."""
    import sys

    if "torch" not in sys.modules and "thinc" not in sys.modules:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError


def load_without_gc(loader, *args, **kwargs):
    """Run a loader that builds millions of small objects with the collector paused.

    The collector would otherwise traverse the growing heap again and again
    (loading the pkuseg feature table takes 3.8 s with it, about 2 s without);
    afterwards the loaded objects are frozen out of future collections.
    spacy-pkuseg prints a warning to stderr when it reads the feature table
    from features.pkl (the format the pkuseg release ships, and faster to load
    than its msgpack); that one known message is swallowed.
    """
    gc.disable()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return loader(*args, **kwargs)
    finally:
        gc.freeze()
        gc.enable()


__all__ = ["ModelMissing", "model_home", "pkuseg_model_dir", "fetch_pkuseg", "model_info",
           "load_without_gc", "skip_unused_torch"]
