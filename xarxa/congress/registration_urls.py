"""Addresses of registration and the days themselves (added to congress.urls)."""

from django.urls import path

from xarxa.congress import registration_views as views

urlpatterns = [
    path("sessions/<int:pk>/signup/", views.signup, name="signup"),
    path("sessions/<int:pk>/rate/", views.rate, name="rate"),
    path("<slug:slug>/registration/", views.registration_page, name="registration"),
    path("<slug:slug>/registration/cancel/", views.cancel_registration, name="cancel_registration"),
    path("<slug:slug>/registrations/", views.registrations, name="registrations"),
    path("<slug:slug>/registrations/<int:pk>/<str:action>/", views.decide, name="decide_registration"),
    path("<slug:slug>/tickets/", views.tickets_setup, name="tickets_setup"),
    path("<slug:slug>/tickets/<str:what>/<int:pk>/remove/", views.remove_setup_item, name="remove_setup_item"),
    path("<slug:slug>/check-in/", views.check_in_page, name="check_in"),
    path("<slug:slug>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("<slug:slug>/ratings.csv", views.ratings_csv, name="ratings_csv"),
]
