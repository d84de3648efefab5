from django.urls import path

from . import views

app_name = "quiz"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("quizzes/", views.quiz_list, name="list"),
    path("quizzes/<slug:slug>/start/", views.start_attempt, name="start"),
    path("attempts/<int:pk>/", views.take_attempt, name="take"),
    path("attempts/<int:pk>/save/", views.save_attempt, name="save"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="result"),
    path("attempts/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("attempts/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("history/", views.history, name="history"),
    path("certificates/", views.find_certificate, name="find_certificate"),
    path("certificates/<slug:code>/", views.verify_certificate, name="verify"),
]
