"""Support code for week 1 of the event-driven workflows course.

The lessons import from here: sample deliveries, the lesson 1 simulation and
plots, the mock spreadsheet service, the quiz engine, and the small helper that
keeps graded checks fair.  Nothing in this package solves an exercise.
"""
