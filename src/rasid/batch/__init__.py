"""Batch coding of a news archive on Dask, and bulk loading of the results.

``rasid batch`` splits its inputs into shards (``shards``), codes each shard in
a Dask task and writes what the shard gave as a Parquet part (``parts``, ``run``);
``rasid load`` inserts the parts into a store and fuses their events into
incidents exactly as ``rasid ingest`` would have (``load``).  The commands are
in ``commands``.
"""
