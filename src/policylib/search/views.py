from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def results(request: HttpRequest) -> HttpResponse:
    return render(request, "search/results.html", {"breadcrumbs": [("Home", "/"), ("Search", "")]})


def advanced(request: HttpRequest) -> HttpResponse:
    return render(request, "search/results.html", {"breadcrumbs": [("Home", "/"), ("Search", "")]})
