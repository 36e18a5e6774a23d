"""bulletin-ie: information extraction from Chinese government bulletins.

The Python API (see README, "Python API"):

    from pipeline import process_text, process_path, run
    result = process_text("...")          # DocResult: document, sentences, entities, indicators, facts
    summary = run(["seeds/"], "outputs")  # like `bulletin-ie run seeds --out outputs`
"""
__version__ = "0.1.0"

__all__ = ["__version__", "process_text", "process_path", "run", "load_pipeline"]


def __getattr__(name):
    # The API pulls in spaCy; import it only when asked for.
    if name in ("process_text", "process_path", "run", "load_pipeline"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
