"""The benchmark's floor pages exist only under bench/settings.py, never in the app."""

import pytest
from django.test import Client
from django.urls import Resolver404, resolve


@pytest.mark.parametrize("path", ["/bench/fixed/", "/bench/widgets/", "/bench/loop/"])
def test_floor_pages_are_not_served_by_the_app(db, path):
    with pytest.raises(Resolver404):
        resolve(path)
    assert Client().get(path).status_code == 404


def test_bench_settings_add_the_floors_and_nothing_else(settings):
    from bench import settings as bench_settings
    from training import settings as app_settings

    assert settings.ROOT_URLCONF == "training.urls"
    assert "bench" not in settings.INSTALLED_APPS
    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.INSTALLED_APPS == [*app_settings.INSTALLED_APPS, "bench"]
    changed = {
        name
        for name in dir(bench_settings)
        if name.isupper() and getattr(bench_settings, name) != getattr(app_settings, name, None)
    }
    assert changed == {"INSTALLED_APPS", "ROOT_URLCONF"}


def test_bench_urls_keep_the_apps_error_handlers():
    from bench import urls as bench_urls
    from training import urls as app_urls

    assert bench_urls.handler500 == app_urls.handler500
