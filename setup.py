"""The one build step pyproject.toml cannot express: the top-level rules/, templates/ and
migrations/ folders (where the design keeps them) go into the wheel as klarsprak/rules,
klarsprak/templates and klarsprak/migrations, where ``klarsprak.resources`` finds them."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TOP_LEVEL_FOLDERS = ("rules", "templates", "migrations")


class BuildWithTopLevelFolders(build_py):
    """``build_py`` that also copies the top-level folders into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for name in TOP_LEVEL_FOLDERS:
            target = Path(self.build_lib) / "klarsprak" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(Path(__file__).parent / name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithTopLevelFolders})
