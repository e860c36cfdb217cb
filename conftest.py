"""Session-wide test settings, for the unit tests and the notebooks nbval runs alike."""

import os
import tempfile

import matplotlib


def pytest_configure(config):
    # Notebooks export exhibits when they run; under test they write to a scratch folder, never
    # into the repository's figures/. Kernels inherit this process's environment.
    os.environ.setdefault("INQUIRY_ANALYSIS_FIGURES", tempfile.mkdtemp(prefix="inquiry-analysis-figures-"))
    matplotlib.use("Agg")
