from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("quizzes/<slug:slug>/lesson/", views.lesson, name="lesson"),
    path("quizzes/<slug:slug>/lesson/<slug:key>/check/", views.lesson_check, name="check"),
    path("quizzes/<slug:slug>/precheck/", views.precheck, name="precheck"),
    path("refreshers/<str:token>/", views.refresher, name="refresher"),
    path("refreshers/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
