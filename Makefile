# TrialStats: the commands a new user and CI need. `make demo` and `make test` are the two
# that matter; both install missing Debian packages first when run as root.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build links against (see Package.swift's system library targets), and what
# the tests use (zlib1g-dev: ZIPFoundation, which writes Word documents, needs its headers): chromium renders the demo report to PNG, python3 reads that PNG.
# python3-venv makes the virtual environment that `make notebooks` runs the notebooks in.
SYSTEM_PACKAGES := libopenblas-dev liblapacke-dev libnlopt-dev r-mathlib zlib1g-dev pkg-config git chromium python3 python3-venv
TRIALSTATS := .build/debug/trialstats

.PHONY: all deps build test test-kernels demo bench notebooks fuzz clean

all: build

## deps: install the Debian packages that are missing (quick when all are present)
deps:
	@$(SWIFT) --version >/dev/null 2>&1 || { echo "deps: no working Swift toolchain on PATH; install Swift 6.1 or later from swift.org" >&2; exit 1; }
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "deps: missing Debian packages:$$missing" >&2; \
	  echo "deps: run this, then make again:  sudo apt-get install -y$$missing" >&2; \
	  exit 1; \
	fi; \
	echo "deps: installing$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing

## build: debug build of the library and the trialstats command
build: deps
	$(SWIFT) build

## The tests render the Word and RTF reports as a reader would: LibreOffice converts them to PDF and
## poppler's pdftoppm to PNG pages; Liberation Sans has Arial's metrics, which the tables' widths assume.
RENDER_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-liberation2

## test: every test (CI runs this), then the numeric targets under other BLAS kernels (test-kernels).
## The tests run in parallel on every core, so OpenBLAS gets one thread: its waiting threads
## otherwise compete with the tests (a 2-second MMRM test took 60 s so).
test: deps
	@$(MAKE) --no-print-directory deps SYSTEM_PACKAGES="$(RENDER_PACKAGES)"
	OPENBLAS_NUM_THREADS=$${OPENBLAS_NUM_THREADS:-1} $(SWIFT) test
	@$(MAKE) --no-print-directory test-kernels

## test-kernels: the numeric test targets under every OpenBLAS kernel family this CPU can run, the
## reference BLAS/LAPACK, BLIS, and a BLAS that rounds at random within its error bounds
## (Tests/KernelAudit); no test may depend on which kernels a CPU gets
KERNEL_AUDIT_PACKAGES := libblas3 liblapack3 libblis4-serial gcc libc6-dev
test-kernels: deps
	@$(MAKE) --no-print-directory deps SYSTEM_PACKAGES="$(KERNEL_AUDIT_PACKAGES)"
	@$(SWIFT) build --build-tests >/dev/null
	@Tests/KernelAudit/run-kernel-audit.sh

## demo: the main job on the bundled demo trial: the library report, a worked example, a description of the trial, its mixed model, and the PIT three-arm trial's analysis plan run into reports/demo/index.html
demo: build
	@echo "== trialstats doctor"
	@$(TRIALSTATS) doctor
	@echo
	@echo "== trialstats example"
	@$(TRIALSTATS) example
	@echo
	@echo "== trialstats describe Datasets/demo-trial/demo-trial-long.csv"
	@$(TRIALSTATS) describe Datasets/demo-trial/demo-trial-long.csv --covariate age --range vas=0:10 --range bctq_sss=1:5 --reference arm=saline
	@echo
	@echo "== trialstats fit Datasets/demo-trial/demo-trial-long.csv (pain VAS, arm by visit, a random intercept per subject)"
	@$(TRIALSTATS) fit Datasets/demo-trial/demo-trial-long.csv --formula 'vas ~ arm * factor(visit) + (1 | subject)' --reference arm=saline --df kenward-roger
	@echo
	@echo "== trialstats run Datasets/pit-3arm/plan.yaml --out reports (the main job: the simulated PIT three-arm trial's analysis plan)"
	@$(TRIALSTATS) run Datasets/pit-3arm/plan.yaml --out reports
	@echo
	@echo "== trialstats run Datasets/published/plan.yaml --out reports (published comparisons reproduced, checked and pooled)"
	@$(TRIALSTATS) run Datasets/published/plan.yaml --out reports
	@echo
	@echo "demo: the report of the PIT three-arm trial is reports/demo/index.html (and as Word, reports/demo/report.docx); reports/index.html lists both reports"

## bench: release-build benchmarks under Benchmarks/, with the BLAS kernels that fit this CPU
bench: build
	@core=$$(TRIALSTATS_KEEP_BLAS_KERNELS=1 $(TRIALSTATS) doctor --suggested-core-type); \
	if [ -n "$$core" ] && [ -z "$$OPENBLAS_CORETYPE" ]; then \
	  echo "bench: OpenBLAS would fall back to old kernels here; using OPENBLAS_CORETYPE=$$core"; \
	  export OPENBLAS_CORETYPE=$$core; \
	fi; \
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark --no-progress $(BENCH_ARGS)

## notebooks: run the Jupyter notebooks in Notebooks/ (nbclient, in a virtual environment under .build) and write them back with their outputs; fails if a cell fails
NOTEBOOKS_VENV := .build/notebooks-venv
NOTEBOOKS_PACKAGES := nbclient==0.11.0 nbformat==5.11.1 ipykernel==7.4.0
notebooks: build
	@if [ "$$(cat $(NOTEBOOKS_VENV)/installed 2>/dev/null)" != "$(NOTEBOOKS_PACKAGES)" ]; then \
	  echo "notebooks: installing $(NOTEBOOKS_PACKAGES) into $(NOTEBOOKS_VENV)"; \
	  rm -rf $(NOTEBOOKS_VENV) && \
	  /usr/bin/python3 -m venv $(NOTEBOOKS_VENV) && \
	  $(NOTEBOOKS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(NOTEBOOKS_PACKAGES) && \
	  echo "$(NOTEBOOKS_PACKAGES)" > $(NOTEBOOKS_VENV)/installed; \
	fi
	TRIALSTATS=$(CURDIR)/$(TRIALSTATS) $(NOTEBOOKS_VENV)/bin/python Notebooks/run_notebooks.py

## fuzz: libFuzzer with AddressSanitizer on the readers and parsers (CSV and numbers, formulas, plans,
## summary files, item patterns, --emmeans), FUZZ_SECONDS each (default 60), after replaying every
## saved regression; FUZZ_TARGETS picks some (Tests/Fuzz/README.md)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	@Tests/Fuzz/run-fuzzers.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build Benchmarks/.build Tests/Fuzz/.build
