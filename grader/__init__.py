"""The instructor's tools behind `make release` and `make autograde`.

They drive nbgrader; what nbgrader does not do (a grades CSV per lesson, ...)
is added here, in small modules.
"""
