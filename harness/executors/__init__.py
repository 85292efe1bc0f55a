"""Where a run's articles are extracted and scored besides this machine's own processes.

:mod:`harness.executors.dask` runs them on a Dask cluster (the optional ``dask`` extra).
"""
