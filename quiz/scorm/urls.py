"""SCORM 1.2: a quiz as a zip any LMS can host, reporting through the SCORM runtime."""

from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("<str:token>/launch/", views.launch, name="launch"),
    path("<str:token>/outcome/", views.outcome, name="outcome"),
]
