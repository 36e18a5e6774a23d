"""Running the per-document work on a Dask cluster (``bulletin-ie run --dask``).

``work.process_input`` is a pure function of a file and the pipeline
version, so Dask only has to ship (path, doc_id, config) to its workers and
bring back each document's JSON lines; the runner writes them exactly as a
local run does, so the outputs are the same byte for byte.  Workers need the
same bulletin-ie version installed and the input paths readable (a shared
file system); each worker process builds the pipeline once, on first use.
"""
from __future__ import annotations

from typing import Iterator

from .errors import UsageError
from .work import process_input


def run_on_dask(address: str, args: list[tuple], workers: int) -> Iterator:
    """Yield one ``Outcome`` per input as the cluster finishes them.

    ``address`` is a scheduler address (tcp://host:8786) or ``local`` for a
    LocalCluster of ``workers`` single-threaded processes.
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise UsageError("--dask needs the dask extra: pip install 'bulletin-ie[dask]'") from exc
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futures = [client.submit(process_input, *a, pure=False, key=f"bulletin-ie-{a[1]}-{n}")
                   for n, a in enumerate(args)]
        for future in as_completed(futures):
            outcome = future.result()
            future.release()  # the client keeps no results: memory stays flat
            yield outcome
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
