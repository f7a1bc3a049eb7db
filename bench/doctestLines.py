"""The doctests of a Python package as CPython's doctest.DocTestFinder finds them, one a line: name, file, line
(DocTest.lineno + 1), tab-separated. For bench/locateAccuracy.ts --doctest-lines.

    python3 bench/doctestLines.py PACKAGE [ROOT]

Run in the folder the package is imported from; file paths are relative to ROOT (default: that folder). Every
module of the package is imported (pkgutil.walk_packages); only tests with examples are kept, as unittest's
DocTestSuite and pytest's --doctest-modules keep them. `?` when DocTestFinder gives no line.
"""
import doctest
import importlib
import os
import pkgutil
import sys


def main():
    root = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else '.')
    sys.path.insert(0, os.getcwd())
    package = importlib.import_module(sys.argv[1])
    modules = [package]
    if hasattr(package, '__path__'):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):
            modules.append(importlib.import_module(info.name))
    finder = doctest.DocTestFinder()
    for module in modules:
        for test in sorted(finder.find(module), key=lambda t: t.name):
            if not test.examples:
                continue
            path = os.path.relpath(os.path.abspath(test.filename), root).replace(os.sep, '/')
            line = '?' if test.lineno is None else str(test.lineno + 1)
            print(f'{test.name}\t{path}\t{line}')


main()
