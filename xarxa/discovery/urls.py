from django.urls import path

from xarxa.discovery import views

app_name = "discovery"
urlpatterns = [path("", views.discover, name="discover")]
