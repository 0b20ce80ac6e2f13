"""Backfills from web archives: what an archive holds of a source (listing) and the run."""
