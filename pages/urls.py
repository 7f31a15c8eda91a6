from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.my_pages, name="list"),
    path("new", views.page_new, name="new"),
    path("<int:pk>/edit", views.builder, name="builder"),
    path("<int:pk>/leads", views.leads, name="leads"),
    path("<int:pk>/leads.csv", views.leads_csv, name="leads-csv"),
    path("<int:pk>/domain", views.domain, name="domain"),
    path("<int:pk>/<str:action>", views.page_action, name="action"),
]
