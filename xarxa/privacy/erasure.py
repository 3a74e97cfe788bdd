"""Deleting a member's account (GDPR article 17) once their grace period is over.

The account row itself goes in both modes, and with it everything that only made sense for it (profile,
e-mail addresses, sessions, two-factor keys, follows, memberships, reviews, collections, notifications,
activity...: their foreign keys cascade). What others wrote stays; where it points at the member (a
message they sent, a reply, content kept in "anonymise" mode) the link becomes empty and the page shows
"Former member". Copies of the member's name and address that no foreign key reaches (invitations to the
address, finished background tasks, admin history) are found and removed here. docs/privacy.md says what
is kept and why.
"""

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from xarxa.accounts.models import Invitation, Profile, User
from xarxa.content.models import Attachment, Comment, Content
from xarxa.content.services import recount_comments
from xarxa.core.models import TaskFailure
from xarxa.library.models import Replication
from xarxa.school.models import Certificate, Course, Lesson
from xarxa.spaces.models import SpaceInvitation
from xarxa.wikis.models import WikiRevision

# Names shorter than this are not looked for in task logs: "Ana" would match other people's rows.
SHORTEST_NAME_SEARCHED = 4


def identifiers_of(user: User) -> set[str]:
    """The strings that name the member: addresses, username, full name."""
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) | {user.email}
    names = {user.username, *Profile.objects.filter(user=user).values_list("full_name", flat=True)}
    return {value for value in addresses | names if value and len(value) >= SHORTEST_NAME_SEARCHED}


def delete_account(user: User, *, erase_content: bool) -> None:
    identifiers = identifiers_of(user)
    addresses = [value for value in identifiers if "@" in value]
    with transaction.atomic():
        files = personal_files(user)
        forget_as_instructor(user)  # before their courses go with their content, while they still point at them
        if erase_content:
            files += erase_contributions(user)
        forget_copies(user, identifiers, addresses)
        end_sessions(user)
        user.delete()
        transaction.on_commit(lambda: remove_files(files))
    compact_search_index()


def personal_files(user) -> list:
    from xarxa.privacy.models import DataExport
    from xarxa.privacy.services import remove_export_files

    remove_export_files(DataExport.objects.filter(user=user))
    photos = Profile.objects.filter(user=user).exclude(photo="")
    return [profile.photo for profile in photos]


def erase_contributions(user) -> list:
    """Erase mode: the member's content, replies and replications go; returns the files to remove.

    A wiki page that others have also edited stays (without its author): deleting it would destroy their
    work. A reply that others answered becomes the same placeholder as when its author deletes it."""
    shared_pages = WikiRevision.objects.exclude(author=user).values("page_id")
    contents = Content.objects.filter(author=user).exclude(pk__in=shared_pages)
    files = [row.file for row in Attachment.objects.filter(content__in=contents)]
    files += [content.post.cover for content in contents.filter(kind="post").select_related("post")
              if hasattr(content, "post") and content.post.cover]
    files += [course.cover for course in Course.objects.filter(content__in=contents).exclude(cover="")]
    files += [lesson.file for lesson in Lesson.objects.filter(course__content__in=contents).exclude(file="")]
    contents.delete()

    replied_to = Comment.objects.filter(author=user, replies__isnull=False).distinct()
    touched = set(Comment.objects.filter(author=user).values_list("content_id", flat=True))
    Comment.objects.filter(pk__in=replied_to.values("pk")).update(is_deleted=True, body="", body_html="")
    Comment.objects.filter(author=user, is_deleted=False).delete()
    for content in Content.objects.filter(pk__in=touched):
        recount_comments(content)
    Replication.objects.filter(member=user).delete()
    return files


def forget_copies(user, identifiers, addresses) -> None:
    """Copies of the member's name and addresses outside the rows that point at them."""
    address_match = Q()
    for address in addresses:
        address_match |= Q(email__iexact=address)
    if addresses:
        SpaceInvitation.objects.filter(address_match).delete()
        Invitation.objects.filter(address_match).delete()
    # The admin's history keeps what was done to whom: keep the entries, not the name.
    member_types = [ContentType.objects.get_for_model(model).pk for model in (User, Profile)]
    LogEntry.objects.filter(content_type_id__in=member_types, object_id=str(user.pk)).update(
        object_repr=_("Former member"), change_message="")
    forget_in_task_logs(identifiers, addresses)


def forget_as_instructor(user) -> None:
    """Certificates others hold name their instructors as they were when issued: the member's name goes
    (the certificates stay valid for their holders). Their own certificates go with the account."""
    name = user.display_name
    for certificate in Certificate.objects.filter(course__instructors=user).exclude(user=user).distinct():
        if name in certificate.instructor_names:
            certificate.instructor_names = [_("Former member") if n == name else n
                                            for n in certificate.instructor_names]
            certificate.save(update_fields=["instructor_names"])


def forget_in_task_logs(identifiers, addresses) -> None:
    """Background tasks keep their arguments (e-mails with the member's address and name in them):
    finished ones that mention the member go, and so do mails still waiting to be sent to them."""
    if not identifiers:
        return
    tasks = DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField()))
    mentions = Q()
    for value in identifiers:
        mentions |= Q(text__icontains=value)
    tasks.filter(mentions).exclude(status__in=["READY", "RUNNING"]).delete()
    to_member = Q()
    for address in addresses:
        to_member |= Q(text__icontains=address)
    if addresses:
        tasks.filter(to_member, status="READY").delete()
    failures = TaskFailure.objects.annotate(text=Cast("arguments", TextField()))
    failure_mentions = Q()
    for value in identifiers:
        failure_mentions |= Q(text__icontains=value) | Q(error__icontains=value) | Q(traceback__icontains=value)
    failures.filter(failure_mentions).delete()


def end_sessions(user) -> None:
    """Sign the member out of every device (the session rows hold their id)."""
    for session in UserSession.objects.filter(user=user):
        session.end()


def remove_files(files) -> None:
    for stored in files:
        if stored:
            stored.storage.delete(stored.name)


def compact_search_index() -> None:
    """SQLite's full-text index keeps deleted words in old segments until they are merged: merge now, so
    the member's words are gone from the index's own tables too. PostgreSQL stores its vectors in the row."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

