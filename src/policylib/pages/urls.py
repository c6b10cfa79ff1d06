from django.urls import path

from policylib.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("development/", views.development, name="development"),
    path("about/", views.about, name="about"),
    path("help/", views.help_page, name="help"),
    path("favicon.ico", views.favicon, name="favicon"),
]
