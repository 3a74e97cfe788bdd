from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from xarxa.activity import views as activity_views
from xarxa.core.services_pages import optional_service_urls

urlpatterns = [
    *optional_service_urls(settings),
    path("", activity_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/audit/", include("xarxa.audit.urls")),
    path("organisations/", include("xarxa.organisations.urls")),
    path("topics/", include("xarxa.discovery.topic_urls")),
    path("groups/", include("xarxa.spaces.urls")),
    path("content/", include("xarxa.content.urls")),
    path("search/", include("xarxa.search.urls")),
    path("discover/", include("xarxa.discovery.urls")),
    path("notifications/", include("xarxa.notifications.urls")),
    path("activity/", include("xarxa.activity.urls")),
    path("messages/", include("xarxa.messaging.urls")),
    path("congress/", include("xarxa.awards.urls")),  # the awards of each edition (before its pages)
    path("congress/", include("xarxa.congress.urls")),
    path("lab/", include("xarxa.lab.urls")),
    path("school/", include("xarxa.school.urls")),
    path("", include("xarxa.debates.urls")),
    path("", include("xarxa.library.urls")),
    path("", include("xarxa.blogs.urls")),
    path("", include("xarxa.events.urls")),
    path("", include("xarxa.wikis.urls")),
    path("", include("xarxa.follows.urls")),
    path("", include("xarxa.privacy.urls")),
    path("", include("xarxa.accounts.urls")),
]
if settings.DEBUG or settings.TESTING:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
