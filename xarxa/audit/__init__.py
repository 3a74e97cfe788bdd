"""The audit trail. Use `from xarxa.audit import record` (see `xarxa.audit.services.record`)."""


def record(*args, **kwargs):
    """Shortcut for `xarxa.audit.services.record` (imported late: this package loads before the apps)."""
    from xarxa.audit.services import record as record_entry

    return record_entry(*args, **kwargs)
