"""Session-wide test settings, for the unit tests and the notebooks nbval runs alike."""

import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

# Property tests: in CI the same examples every run (derandomised, no example database), so a
# red build is reproducible; locally, more and random examples, to find what CI would not.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def pytest_configure(config):
    matplotlib.use("Agg")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    # nbval checks what notebooks print, so its kernels (started in the setup of a notebook's first
    # cell) export drafts: data and sidecar, unrendered, as rendering is most of a notebook's run.
    # Rendering is tested by the exhibit tests and by every `reproduce`, here and in CI.
    nbval = type(item).__module__.startswith("nbval")
    if nbval:
        os.environ["INQUIRY_ANALYSIS_DRAFT_EXPORTS"] = "1"
    try:
        yield
    finally:
        if nbval:
            del os.environ["INQUIRY_ANALYSIS_DRAFT_EXPORTS"]
