"""The action codes of the audit trail: one per kind of act that changes who may do or see what,
or destroys something. Codes are stored as text (no database choices), so adding one needs no migration;
`record()` refuses a code that is not listed here, which catches typos at the call site."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # Moderation of content and comments (xarxa.content)
    CONTENT_HIDE = "content.hide", _("Hid an item")
    CONTENT_RESTORE = "content.restore", _("Restored an item")
    CONTENT_DELETE = "content.delete", _("Deleted an item")
    CONTENT_PIN = "content.pin", _("Pinned an item")
    CONTENT_UNPIN = "content.unpin", _("Unpinned an item")
    CONTENT_LOCK = "content.lock", _("Locked an item")
    CONTENT_UNLOCK = "content.unlock", _("Unlocked an item")
    COMMENT_HIDE = "comment.hide", _("Hid a comment")
    COMMENT_RESTORE = "comment.restore", _("Restored a comment")
    COMMENT_DELETE = "comment.delete", _("Deleted a comment")
    ATTACHMENT_DELETE = "attachment.delete", _("Removed an attachment")
    REVIEW_DELETE = "library.review_delete", _("Deleted a review")
    REPLICATION_DELETE = "library.replication_delete", _("Deleted a replication")
    CONTENT_DISMISS = "content.dismiss", _("Dismissed reports on an item")
    COMMENT_DISMISS = "comment.dismiss", _("Dismissed reports on a comment")
    # Spaces and their members (xarxa.spaces)
    SPACE_ROLE_CHANGE = "space.role_change", _("Changed a member's role")
    SPACE_MEMBER_REMOVE = "space.member_remove", _("Removed a member")
    SPACE_JOIN_APPROVE = "space.join_approve", _("Approved a request to join")
    SPACE_TRANSLATOR_CHANGE = "space.translator_change", _("Made or unmade a translator")
    # Accounts and verification (xarxa.accounts)
    ACCOUNT_APPROVE = "account.approve", _("Approved an account")
    ACCOUNT_VERIFY = "account.verify", _("Verified a public employee")
    ACCOUNT_UNVERIFY = "account.unverify", _("Withdrew a verification")
    # Personal data (GDPR): exports and account deletion
    ACCOUNT_DATA_EXPORT = "account.data_export", _("Exported personal data")
    ACCOUNT_DELETION_REQUEST = "account.deletion_request", _("Asked to delete an account")
    ACCOUNT_DELETION_CANCEL = "account.deletion_cancel", _("Cancelled an account deletion")
    ACCOUNT_ERASE = "account.erase", _("Erased an account")
    ACCOUNT_ANONYMISE = "account.anonymise", _("Anonymised an account")
    # Organisations and wikis
    ORGANISATION_MERGE = "organisation.merge", _("Merged organisations")
    WIKI_PROTECT = "wiki.protect", _("Protected a wiki page")
    WIKI_UNPROTECT = "wiki.unprotect", _("Unprotected a wiki page")
    # The school (xarxa.school)
    CERTIFICATE_REVOKE = "school.certificate_revoke", _("Revoked a certificate")
    # The congress's awards (xarxa.awards)
    AWARD_ELIGIBILITY = "award.eligibility", _("Decided a nomination's eligibility")
    AWARD_VOTES_VALIDATE = "award.votes_validate", _("Validated award votes")
    AWARD_VOTES_INVALIDATE = "award.votes_invalidate", _("Invalidated award votes")
    AWARD_TIE_BREAK = "award.tie_break", _("Broke a tie in an award")
    AWARD_DECIDE = "award.decide", _("Decided an award's winners")
    # Anything done on the admin site (xarxa.audit.admin_log)
    ADMIN_ADD = "admin.add", _("Added on the admin site")
    ADMIN_CHANGE = "admin.change", _("Changed on the admin site")
    ADMIN_DELETE = "admin.delete", _("Deleted on the admin site")


def moderation_action(verb: str, on_comment: bool) -> Action:
    """The code for a moderation verb of `content.ModerationLog` ("hide", "pin" ...) on an item or a comment."""
    return Action(f"{'comment' if on_comment else 'content'}.{verb}")
