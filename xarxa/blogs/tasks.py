"""Background work for blogs: publishing scheduled posts when their time comes.

Each scheduled post enqueues this task to run at its time (django-tasks `run_after`, honoured by the
database and the RQ workers). The task publishes everything that is due, so a post rescheduled
earlier, or a lost task, is caught by the next run; `manage.py publish_scheduled_posts` runs it from
cron as a safety net.
"""

from django_tasks import task


@task(queue_name="default")
def publish_scheduled_posts():
    from xarxa.blogs.services import publish_due_posts

    return publish_due_posts()
