"""What "download my data" puts in the ZIP (GDPR articles 15 and 20).

One JSON file per kind of data, plus the files the member uploaded. Each kind is one small function that
reads only rows the member owns, wrote, or was a party to (their conversations); where a row points at
something of someone else's (the content a comment answers), the export names it only when the member may
still see it, so a group they have left or a secret group they never joined gives nothing away.
"""

import json
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from xarxa.accounts.models import User
from xarxa.content.models import Attachment, Comment, Content, Reaction
from xarxa.events.models import Rsvp
from xarxa.follows.models import Follow
from xarxa.library.models import Collection, Replication, Review
from xarxa.messaging.models import Message, MessageAttachment
from xarxa.notifications.models import DigestSubscription, Preference
from xarxa.school.models import Attempt, Certificate, Enrolment, LessonDone
from xarxa.spaces.models import JoinRequest, Membership

KINDS: dict[str, Callable[[User], Iterable | dict]] = {}


def kind(name: str):
    """Register a function as the source of `<name>.json`."""
    def register(function):
        KINDS[name] = function
        return function
    return register


def visible_titles(user, content_ids) -> dict[int, str]:
    """The titles of those contents the member may see today (others are named by nothing)."""
    return dict(Content.objects.visible_to(user).filter(pk__in=set(content_ids)).values_list("pk", "title"))


@kind("profile")
def profile(user):
    account = User.objects.values("username", "email", "date_joined", "last_login", "language",
                                  "time_zone", "is_approved").get(pk=user.pk)
    profile_row = getattr(user, "profile", None)
    if profile_row is None:
        return {"account": account}
    details = {field: getattr(profile_row, field) for field in (
        "full_name", "headline", "position", "country", "languages", "bio", "links", "phone", "visibility",
        "allow_indexing", "verification", "verified_at", "created_at", "updated_at", *FIELD_VISIBILITIES)}
    details["country"] = str(details["country"])
    details["organisation"] = profile_row.organisation.name if profile_row.organisation_id else None
    details["topics"] = list(profile_row.topics.values_list("name", flat=True))
    details["photo"] = profile_row.photo.name or None
    return {"account": account, "profile": details}


FIELD_VISIBILITIES = ("email_visibility", "phone_visibility", "organisation_visibility", "position_visibility",
                      "location_visibility")


@kind("email_addresses")
def email_addresses(user):
    return EmailAddress.objects.filter(user=user).values("email", "verified", "primary")


@kind("follows")
def follows(user):
    rows = Follow.objects.filter(follower=user).select_related("user", "organisation", "topic")
    return [{"member": row.user.username if row.user_id else None,
             "organisation": row.organisation.name if row.organisation_id else None,
             "topic": row.topic.name if row.topic_id else None,
             "since": row.created_at} for row in rows]


@kind("memberships")
def memberships(user):
    joined = Membership.objects.filter(user=user).values(
        "space__name", "space__slug", "role", "is_translator", "follows_closely", "joined_at")
    requests = JoinRequest.objects.filter(user=user).values(
        "space__name", "message", "status", "response", "created_at", "decided_at")
    return {"groups": joined, "join_requests": requests}


@kind("content")
def content(user):
    return Content.objects.filter(author=user).values(
        "id", "kind", "space__name", "title", "body", "language", "status", "created_at", "updated_at",
        "published_at")


@kind("comments")
def comments(user):
    rows = list(Comment.objects.filter(author=user).values("id", "content_id", "parent_id", "body",
                                                           "created_at", "edited_at", "is_deleted"))
    titles = visible_titles(user, (row["content_id"] for row in rows))
    return [{**row, "on": titles.get(row["content_id"])} for row in rows]


@kind("reactions")
def reactions(user):
    rows = list(Reaction.objects.filter(user=user).values("kind", "content_id", "comment_id", "created_at"))
    titles = visible_titles(user, (row["content_id"] for row in rows if row["content_id"]))
    return [{**row, "on": titles.get(row["content_id"])} for row in rows]


@kind("messages")
def messages(user):
    """Every message of the conversations the member takes part in: sent and received."""
    rows = (Message.objects.filter(conversation__participants__user=user)
            .select_related("sender").order_by("conversation_id", "created_at", "pk"))
    return [{"conversation": row.conversation_id,
             "from": "me" if row.sender_id == user.pk else (row.sender.username if row.sender_id else None),
             "body": row.body, "sent_at": row.created_at} for row in rows]


@kind("event_answers")
def event_answers(user):
    rows = list(Rsvp.objects.filter(user=user).values("event_id", "occurrence", "answer", "share_email",
                                                      "waiting_since", "created_at", "updated_at"))
    titles = visible_titles(user, (row["event_id"] for row in rows))
    return [{**row, "event": titles.get(row["event_id"])} for row in rows]


@kind("reviews")
def reviews(user):
    reviews_written = list(Review.objects.filter(author=user).values("resource_id", "rating", "text",
                                                                     "created_at", "updated_at"))
    replications = list(Replication.objects.filter(member=user).values(
        "resource_id", "organisation__name", "level", "place", "started_on", "outcome", "link", "created_at"))
    titles = visible_titles(user, (row["resource_id"] for row in reviews_written + replications))
    return {"reviews": [{**row, "resource": titles.get(row["resource_id"])} for row in reviews_written],
            "replications": [{**row, "resource": titles.get(row["resource_id"])} for row in replications]}


@kind("collections")
def collections(user):
    owned = Collection.objects.filter(owner=user).prefetch_related("items")
    result = []
    for collection in owned:
        resource_ids = [item.resource_id for item in collection.items.all()]
        titles = visible_titles(user, resource_ids)
        result.append({"title": collection.title, "description": collection.description,
                       "created_at": collection.created_at,
                       "resources": [titles[pk] for pk in resource_ids if pk in titles]})
    return result


@kind("award_votes")
def award_votes(user):
    """"You voted in category X": found through the member's own pseudonym in each category they may see;
    the nominee is never named (the vote is secret, to the export too). See awards.vote_models."""
    from xarxa.awards.models import Category
    from xarxa.awards.vote_models import Vote
    from xarxa.awards.voting import voter_key

    categories = {voter_key(user.pk, c.pk): c for c in Category.objects.select_related("edition__space")}
    voted = Vote.objects.filter(voter_key__in=list(categories)).values_list("voter_key", "confirmed_at")
    return [{"edition": categories[key].edition.name, "category": categories[key].name,
             "confirmed": confirmed_at is not None} for key, confirmed_at in voted]


@kind("school")
def school(user):
    """Courses the member enrolled in, the lessons they did, their quiz attempts (answers and grading) and
    their certificates. A course they may no longer read is named by nothing."""
    enrolments = list(Enrolment.objects.filter(user=user).values(
        "id", "course_id", "cohort__space__name", "status", "extra_minutes", "requested_at", "waiting_since",
        "enrolled_at", "completed_at"))
    titles = visible_titles(user, (row["course_id"] for row in enrolments))
    done = list(LessonDone.objects.filter(enrolment__user=user).values("enrolment_id", "lesson__title", "done_at"))
    attempts = list(Attempt.objects.filter(enrolment__user=user).values(
        "enrolment_id", "quiz__title", "number", "status", "answers", "results", "score", "passed", "started_at",
        "deadline", "submitted_at"))
    certificates = Certificate.objects.filter(user=user).values(
        "code", "learner_name", "course_title", "hours", "instructor_names", "achievement", "score", "issued_at",
        "status", "revoked_at", "revoked_reason", "shows_score", "on_profile")
    return {"enrolments": [{**row, "course": titles.get(row["course_id"])} for row in enrolments],
            "lessons_done": done, "quiz_attempts": attempts, "certificates": certificates}


@kind("congress")
def congress(user):
    """Registrations (with the answers and the ticket), session sign-ups, ratings, starred sessions and
    community votes; sessions and proposals named only when the member may still read them."""
    from xarxa.congress.models import Registration, SessionRating, SessionSignup, Star, Vote

    registrations = [
        {"edition": row.edition.name, "ticket": row.ticket_type.name, "status": row.status, "code": row.code,
         "payment_reference": row.payment_reference, "registered_at": row.created_at,
         "checked_in_at": row.checked_in_at, "cancelled_at": row.cancelled_at,
         "answers": [{"question": a.question.text, "answer": a.value} for a in row.answers.all()]}
        for row in Registration.objects.filter(user=user).select_related("edition__space", "ticket_type")
        .prefetch_related("answers__question")]
    signups = list(SessionSignup.objects.filter(user=user).values("session_id", "status", "queued_at"))
    ratings = list(SessionRating.objects.filter(user=user).values("session_id", "score", "comment", "created_at",
                                                                   "updated_at"))
    stars = list(Star.objects.filter(user=user).values("session_id", "created_at"))
    votes = list(Vote.objects.filter(user=user).values("proposal_id", "created_at"))
    titles = visible_titles(user, [row["session_id"] for row in signups + ratings + stars]
                            + [row["proposal_id"] for row in votes])

    def named(rows, key):
        return [{**{k: v for k, v in row.items() if k != key}, "title": titles.get(row[key])} for row in rows]

    return {"registrations": registrations, "session_signups": named(signups, "session_id"),
            "session_ratings": named(ratings, "session_id"), "starred_sessions": named(stars, "session_id"),
            "proposal_votes": named(votes, "proposal_id")}


@kind("notification_settings")
def notification_settings(user):
    digest = DigestSubscription.objects.filter(user=user).values("frequency", "last_sent_at").first()
    return {"channels": Preference.objects.filter(user=user).values("kind", "channel"), "digest": digest}


@kind("sessions")
def sessions(user):
    return UserSession.objects.filter(user=user).values("created_at", "last_seen_at", "ip", "user_agent")


def uploaded_files(user) -> list[tuple[str, object]]:
    """(name in the ZIP, stored file) for everything the member uploaded."""
    files = []
    profile_row = getattr(user, "profile", None)
    if profile_row is not None and profile_row.photo:
        files.append(("photo", profile_row.photo))
    for attachment in Attachment.objects.filter(uploaded_by=user):
        files.append((f"attachments/{attachment.pk}", attachment.file))
    for attachment in MessageAttachment.objects.filter(message__sender=user):
        files.append((f"message-attachments/{attachment.pk}", attachment.file))
    for post in Content.objects.filter(author=user, kind="post").exclude(Q(post__cover="") | Q(post__cover=None)) \
            .select_related("post"):
        files.append((f"blog-covers/{post.pk}", post.post.cover))
    return files


def write_zip(user, target) -> None:
    """Write the member's export into `target` (a path or a binary file object)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, source in KINDS.items():
            data = source(user)
            data = list(data) if not isinstance(data, dict) else _listed(data)
            archive.writestr(f"{name}.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for prefix, stored in uploaded_files(user):
            try:
                with stored.open("rb") as handle:
                    archive.writestr(f"files/{prefix}-{PurePosixPath(stored.name).name}", handle.read())
            except FileNotFoundError:
                continue  # a row whose file is gone: nothing to give


def _listed(data: dict) -> dict:
    """QuerySets inside a dict, made lists so the JSON encoder takes them."""
    return {key: list(value) if hasattr(value, "model") else value for key, value in data.items()}
