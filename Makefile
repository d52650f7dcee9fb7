# The course's verbs. `make lab` opens the course, `make test` proves it works.
# Every target sets up .venv first (from the exact pins in requirements*.txt).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Test processes (default: one per core) and students graded at a time (default: cores + 1).
JOBS   ?=
# `jupyter lab` refuses to run as root unless told.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Extra pytest arguments, e.g. `make test ARGS="-k hmac"`.
ARGS ?=

export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: lab reset test release autograde feedback lock benchmark clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-test.txt
	touch $@

## lab: open the course in JupyterLab (your work in notebooks/ is never overwritten)
lab: $(VENV)/.runtime
	@if [ -d notebooks/week1 ]; then \
	  echo "Opening your existing work in notebooks/week1 (release/ is not copied again)."; \
	else \
	  cp -R release/week1 notebooks/week1 && echo "Copied the lessons into notebooks/week1."; \
	fi
	cd notebooks && ../$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_ARGS)

## reset: start one lesson again, e.g. `make reset LESSON=02_webhook_payloads` (your copy is kept as a backup)
reset:
	@test -n "$(LESSON)" || { echo "usage: make reset LESSON=02_webhook_payloads"; exit 2; }
	@test -f release/week1/$(LESSON).ipynb || { echo "no lesson release/week1/$(LESSON).ipynb"; exit 2; }
	@mkdir -p notebooks/week1
	@if [ -f notebooks/week1/$(LESSON).ipynb ]; then \
	  backup=notebooks/week1/$(LESSON).backup-$$(date +%Y%m%d-%H%M%S).ipynb; \
	  mv notebooks/week1/$(LESSON).ipynb $$backup && echo "Your previous work is in $$backup"; \
	fi
	cp release/week1/$(LESSON).ipynb notebooks/week1/$(LESSON).ipynb

## test: every check of the course: unit tests, nbval, nbgrader validation, the sample class
test: $(VENV)/.test
	$(BIN)/python -m pytest -n $(or $(JOBS),auto) --dist loadscope $(ARGS)

## release: regenerate release/week1 from source/week1
release: $(VENV)/.runtime
	$(BIN)/python -m grader release

## autograde: grade submitted/<student>/week1 into autograded/ and grades.csv (JOBS=N students at a time)
autograde: $(VENV)/.runtime
	$(BIN)/python -m grader autograde $(if $(JOBS),--jobs $(JOBS))

## feedback: one HTML page per graded student in feedback/ (failed checks and their messages, no hidden tests)
feedback: $(VENV)/.runtime
	$(BIN)/python -m grader feedback

## benchmark: grading speed, side by side: plain kernels, serial nbgrader, this grader (see benchmarks/)
benchmark: $(VENV)/.test
	$(BIN)/python benchmarks/grading.py --sizes 5,10,30 --jobs 3

## lock: re-resolve requirements*.in into the exact pins of requirements*.txt
lock:
	tools/lock.sh

clean:
	rm -rf $(VENV) .pytest_cache
