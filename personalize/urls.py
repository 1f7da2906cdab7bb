"""The services' own paths (their service models' requestUri), so endpoint_url ".../personalize" serves both."""

from django.urls import path

from personalize import views

app_name = "personalize"

urlpatterns = [
    # personalize-runtime
    path("recommendations", views.GetRecommendationsView.as_view(), name="recommendations"),
    path("personalize-ranking", views.GetPersonalizedRankingView.as_view(), name="ranking"),
    # personalize-events
    path("events", views.PutEventsView.as_view(), name="events"),
    path("items", views.PutItemsView.as_view(), name="items"),
    path("users", views.PutUsersView.as_view(), name="users"),
]
