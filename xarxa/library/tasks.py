"""Background work of the library."""

from django_tasks import task

from xarxa.core.tasks import retrying


@task(queue_name="default")
def warm_library_counts(attempt: int = 1):
    """Count the unfiltered library and the filters lately used again after a change (facets.warm_soon), so
    their next visitors read the counts from the cache. A failure is retried; pages count for themselves
    meanwhile."""
    from django.core.cache import cache

    from xarxa.library.facets import WARMING_KEY, warm_counts

    cache.delete(WARMING_KEY)  # a change from now on queues another count
    with retrying(warm_library_counts, attempt=attempt):
        warm_counts()
