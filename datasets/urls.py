from django.urls import path

from datasets import api

app_name = "datasets"

urlpatterns = [
    path("items/", api.ItemsView.as_view(), name="items"),
    path("users/", api.UsersView.as_view(), name="users"),
]
