# Xarxa: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test setup db demo lint bench bench-congress bench-awards bench-seed messages clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes, so a second `make run` starts fast.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

db: setup
	mkdir -p var
	DEBUG=true $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=true $(BIN)/python manage.py seed_demo --if-empty

run: db
	@echo ""
	@echo "  Xarxa is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Demo member:  ana@demo.xarxa.example   / xarxa-demo-2026"
	@echo "  Demo staff:   admin@demo.xarxa.example / xarxa-demo-2026"
	@echo ""
	@# A background-task worker runs beside the web server and stops with it.
	DEBUG=true $(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Runs the whole suite; set DATABASE_URL to run it on PostgreSQL. Tests run in parallel, one worker per
# core up to four (TEST_WORKERS=0 runs them in one process); each worker has its own test database
# and Redis database.
TEST_WORKERS ?= auto
test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Key pages: CPU per page against the same SQL in a bare view (bench/pages.py --help for --load, --before).
bench: setup
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# The congress programme page and its exports at 60 and 600 sessions (bench/congress.py --help).
bench-congress: setup
	$(BIN)/python bench/congress.py $(BENCH_ARGS)

# Counting and validating 50,000 votes in an award category, and the results pages (bench/awards.py --help).
bench-awards: setup
	$(BIN)/python bench/awards.py $(BENCH_ARGS)

# Seeding 100,000 demo members and the member directory (the former `make bench`).
bench-seed: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Extract and compile translations (needs GNU gettext).
messages: setup
	cd xarxa && ../$(BIN)/python ../manage.py makemessages -l es -l pt_BR -l ca -l en --no-obsolete --ignore='*/tests/*'
	cd xarxa && ../$(BIN)/python ../manage.py compilemessages

clean-db:
	rm -f var/xarxa.sqlite3 var/xarxa.sqlite3-wal var/xarxa.sqlite3-shm
