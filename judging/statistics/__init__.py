"""The statistics report of an edition: entries by unit, cluster, field and track, prizes; page and PDF."""
