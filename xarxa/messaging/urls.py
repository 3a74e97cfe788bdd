from django.urls import path

from xarxa.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_conversation, name="new"),
    path("blocked/", views.blocked, name="blocked"),
    path("block/<str:username>/", views.block, name="block"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("files/<int:pk>/<str:name>", views.attachment, name="attachment"),
]
