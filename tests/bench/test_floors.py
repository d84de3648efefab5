"""The benchmark's floor pages, as bench/settings.py serves them."""

from pathlib import Path

import pytest
from django.test import Client

import bench
from bench.floors import FIXED_PAGE, QUESTIONS


@pytest.fixture
def bench_urls(settings):
    """What bench/settings.py adds to the app: its URLs, and its templates.

    The templates are given as a folder rather than by installing the bench app: changing
    INSTALLED_APPS rebuilds the app registry, after which later tests' mocks of model
    managers patch copies the app no longer uses.
    """
    settings.ROOT_URLCONF = "bench.urls"
    engine = {**settings.TEMPLATES[0]}
    engine["DIRS"] = [*engine["DIRS"], Path(bench.__file__).parent / "templates"]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


def test_fixed_floor_is_2_kb_of_html(bench_urls):
    response = Client().get("/bench/fixed/")
    assert response.status_code == 200
    assert len(FIXED_PAGE.encode()) == 2048
    assert response.content == FIXED_PAGE.encode()


def test_widget_floor_and_loop_floor_are_the_same_html(bench_urls):
    """The loop floor is the widgets' HTML from a plain loop: the ratio compares like with like."""
    widgets = Client().get("/bench/widgets/")
    loop = Client().get("/bench/loop/")

    assert widgets.status_code == loop.status_code == 200
    assert widgets.content == loop.content
    html = widgets.content.decode()
    assert html.count('type="radio"') == len(QUESTIONS) * 4 == 48
    assert html.count("<fieldset>") == 12


def test_floors_need_no_database(bench_urls):
    """No `db` fixture here: pytest-django fails any query the floors would make."""
    for path in ("/bench/fixed/", "/bench/widgets/", "/bench/loop/"):
        assert Client().get(path).status_code == 200


def test_the_app_still_answers_under_bench_urls(bench_urls, db):
    assert Client().get("/accounts/login/").status_code == 200
