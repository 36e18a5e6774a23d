"""The steps of the stage table (``pipeline.stages.STAGES``): one small module
per stage, each importing only its own stage, so that building one stage (or
printing ``--help``) loads nothing else.

A step is built from a ``PipelineConfig`` and called per document with the
``DocResult`` holding the records of the stages before it and a
``progress(done, total)`` callback; it returns the records it provides.
"""
