from django.dispatch import Signal

# Sent after the transaction that recorded it commits: edition, phase, previous.
phase_changed = Signal()
