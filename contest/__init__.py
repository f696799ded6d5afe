"""The contest platform: accounts, units, editions, entries, documents, mail, jobs,
storage and the export machinery that the features in `judging/` stand on.

The app factory is `contest.app.create_app`; this package imports nothing, so that
importing a pure module of the platform (`contest.textnorm`) loads no Flask."""
