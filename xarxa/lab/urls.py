from django.urls import path

from xarxa.lab import views

app_name = "lab"

urlpatterns = [
    path("", views.home, name="home"),
]
