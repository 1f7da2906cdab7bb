from django.urls import path

from recommendations import api

app_name = "recommendations"

urlpatterns = [
    path("events/", api.EventsView.as_view(), name="events"),
    path("recommendations/", api.RecommendationsView.as_view(), name="recommendations"),
    path("rankings/", api.RankingView.as_view(), name="rankings"),
    path("users/delete/", api.DeleteUsersView.as_view(), name="users-delete"),
    path("schema/", api.SchemaView.as_view(), name="schema"),
    path("docs/", api.DocsView.as_view(url_name="recommendations:schema"), name="docs"),
]
