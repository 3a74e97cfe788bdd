from django.urls import path

from xarxa.content import views

app_name = "content"
urlpatterns = [
    path("<int:pk>/", views.content_redirect, name="detail"),
    path("<int:pk>/comments/", views.more_comments, name="comments"),
    path("<int:pk>/comments/new/", views.add_comment, name="add_comment"),
    path("<int:pk>/react/", views.react_to_content, name="react"),
    path("<int:pk>/report/", views.flag_content, name="flag"),
    path("<int:pk>/moderate/", views.moderate_content, name="moderate"),
    path("<int:pk>/attachments/", views.add_attachment, name="add_attachment"),
    path("<int:pk>/translate/", views.translate, name="translate"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<int:pk>/react/", views.react_to_comment, name="react_comment"),
    path("comments/<int:pk>/report/", views.flag_comment, name="flag_comment"),
    path("comments/<int:pk>/moderate/", views.moderate_comment, name="moderate_comment"),
    path("attachments/<int:pk>/remove/", views.remove_attachment, name="remove_attachment"),
    path("attachments/<int:pk>/<str:name>", views.download_attachment, name="attachment"),
    path("reports/<int:pk>/dismiss/", views.dismiss_flag, name="dismiss_flag"),
    path("moderation/", views.network_queue, name="network_queue"),
    path("moderation/groups/<slug:slug>/", views.space_queue, name="space_queue"),
]
