"""Certificates: issued when a course is passed, verified by anyone through their unguessable code, revoked
by the course's instructors or the staff (on the audit trail)."""

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.core.rulebook import check
from xarxa.school.lifecycles import CERTIFICATE
from xarxa.school.models import Certificate


def issue_certificate(enrolment) -> Certificate:
    """What the certificate says is copied now: it reads the same however the course or names change."""
    course, user = enrolment.course, enrolment.user
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    instructors = [member.display_name for member in
                   course.instructors.select_related("profile").order_by("pk")]
    best = {row["quiz__title"]: row["best"] for row in
            enrolment.attempts.filter(passed=True).values("quiz__title").annotate(best=Max("score"))}
    required_lessons = course.lessons.filter(is_required=True).count()
    achievement = _("%(lessons)d required lessons completed; quizzes passed: %(quizzes)s.") % {
        "lessons": required_lessons, "quizzes": ", ".join(best) or "—"}
    score = round(sum(best.values()) / len(best), 2) if best else None
    return Certificate.objects.create(
        enrolment=enrolment, course=course, user=user, learner_name=user.display_name,
        course_title=course.content.title, hours=course.expected_hours, instructor_names=instructors,
        achievement=achievement, score=score)


def certificate_by_code(code) -> Certificate:
    """The certificate with exactly this code, or Http404 (a forged or mistyped code finds nothing)."""
    certificate = (Certificate.objects.select_related("course__content").filter(code=code).first()
                   if code and len(code) <= 32 else None)
    if certificate is None:
        raise Http404(_("No certificate has this code."))
    return certificate


def revoke_certificate(actor, certificate, reason) -> Certificate:
    check(actor, "school.revoke_certificate", certificate)
    reason = (reason or "").strip()
    if not reason:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Say why the certificate is revoked."), code="reason")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        CERTIFICATE.transition(certificate, "revoke")
        certificate.revoked_at, certificate.revoked_reason = timezone.now(), reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
        record(actor, Action.CERTIFICATE_REVOKE, certificate, reason=reason, code=certificate.code)
    return certificate


def share_certificate(user, certificate, *, shows_score: bool, on_profile: bool) -> Certificate:
    check(user, "school.share_certificate", certificate)
    certificate.shows_score, certificate.on_profile = bool(shows_score), bool(on_profile)
    certificate.save(update_fields=["shows_score", "on_profile"])
    return certificate
