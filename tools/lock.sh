#!/usr/bin/env bash
# Resolve requirements*.in into the exact, complete pins of requirements*.txt.
#
# The course installs the lock with `pip install --no-deps`, so the lock is the
# whole environment.  Two packages are left out on purpose: rfc3987-syntax (and
# lark, which only it uses) is an optional jsonschema format checker that
# jupyter-events pulls in; it compiles a grammar at import time and adds about
# 4 s to every Jupyter command-line process.  Without it jsonschema skips the
# "iri" formats, which nothing in the course validates.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
pip="$work/venv/bin/pip"
skip='^(rfc3987-syntax|lark)=='
"$pip" install -q -r requirements.in
{
  echo "# Complete runtime lock, made by tools/lock.sh from requirements.in; install with --no-deps."
  echo "# rfc3987-syntax and lark are left out on purpose: see tools/lock.sh."
  "$pip" freeze --all --exclude pip --exclude setuptools | grep -Eiv "$skip" | sort -f
} > requirements.txt
"$pip" install -q -r requirements-test.in
{
  echo "# Complete test-only lock, on top of requirements.txt; made by tools/lock.sh."
  "$pip" freeze --all --exclude pip --exclude setuptools | grep -Eiv "$skip" | sort -f \
    | grep -vxFf <(grep -v '^#' requirements.txt)
} > requirements-test.txt
