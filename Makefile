# serviceplans: the handful of commands a developer needs. See README.md.
PORT ?= 8000
PY := .venv/bin/python

.PHONY: run test bench lint audit clean

## run: set up, migrate, load the demo council, and run the web server on
## http://127.0.0.1:$(PORT), the background worker and the scheduler together (Procfile;
## Ctrl-C stops all three)
run:
	scripts/setup.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	.venv/bin/honcho start --port $(PORT)

## test: set up (with test tools) and run checks and the whole suite on a throwaway PostgreSQL
test:
	scripts/setup.sh dev
	scripts/with-postgres.sh scripts/test.sh

## bench: build a large council on a throwaway PostgreSQL and print the figures as JSON
bench:
	scripts/setup.sh dev
	scripts/with-postgres.sh $(PY) -m benchmarks.run $(ARGS)

## lint: ruff and the apps' import contract only
lint:
	scripts/setup.sh dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache

## audit: check the pinned Python packages for known vulnerabilities (needs the PyPA database online)
audit:
	scripts/setup.sh dev
	scripts/audit.sh --strict

## clean: remove everything the commands above build
clean:
	rm -rf .venv node_modules static/build staticfiles media .bench .cache db.sqlite3 .pytest_cache
