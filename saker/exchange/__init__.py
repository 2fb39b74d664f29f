"""The exchange format ``mote/1`` for one meeting: ``validate`` (read and check a file),
``importing`` (all or nothing) and ``export`` (a pure read). The schema is in
``saker/schema/mote.schema.json``."""
