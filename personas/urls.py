from django.urls import path

from personas import views

app_name = "personas"

urlpatterns = [
    path("", views.persona_list, name="list"),
    path("switch/", views.switch, name="switch"),
    path("anonymous/", views.browse_anonymously, name="anonymous"),
]
