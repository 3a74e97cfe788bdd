from django.shortcuts import render


def home(request):
    """The lab's front page: what it is, its challenges and projects."""
    return render(request, "lab/home.html", {})
