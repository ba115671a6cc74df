# Set-up is two commands: `make shell` and `make test`. Each installs what is missing first.
SWIFT ?= swift
# `make install` puts parley in /usr/local/bin as root, and in ~/.local/bin otherwise.
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)

SECONDS ?= 60
TURNS ?= 1000000
LEAK_CORPUS ?= /tmp/parley-leaks-$(TURNS)

.PHONY: shell test build install deps embed-reference fuzz leaks

## Build, then start Parley on the built-in reference document (ARGS="paths..." for others). Status 66 (a
## path could not be read, which Parley has said on the screen) is not make's error. Parley runs as a job
## of its own (`set -m`), so that Ctrl-C at its prompt reaches Parley alone, not make.
shell: build
	@bash -c 'set -m; "$$@"; status=$$?; [ $$status -eq 66 ] && exit 0; exit $$status' parley .build/release/parley $(ARGS)

## Run the whole test suite. Its last line says how many tests and suites were skipped (each says why on
## its own line above), since Swift Testing's own last line does not.
test: deps
	@mkdir -p .build
	@{ $(SWIFT) test 2>&1; echo $$? > .build/test-status; } | tee .build/test-output.txt
	@skipped=$$(grep -c '^➜ .* skipped' .build/test-output.txt || true); \
	  if [ "$$skipped" -gt 0 ]; then echo "skipped: $$skipped tests or suites, each with its reason on its line above ('➜ ... skipped')"; fi; \
	  exit $$(cat .build/test-status)

## On Linux the Swift libraries are linked into the program: calls into the Swift runtime (reference
## counts, on every value a load makes) then skip the dynamic linker's tables, and the start skips binding
## a dozen libraries; a load takes about a twentieth less time (Benchmarks/README.md). macOS keeps its
## Swift libraries in the system, and links them so.
STATIC_STDLIB := $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib,)

build: deps
	$(SWIFT) build -c release --product parley $(STATIC_STDLIB)

## Install the parley binary (the reference document is built into it) into $(PREFIX)/bin.
install: build
	install -d "$(PREFIX)/bin"
	install .build/release/parley "$(PREFIX)/bin/parley"
	@echo "installed $(PREFIX)/bin/parley"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "note: $(PREFIX)/bin is not on your PATH; add it, for example: echo 'export PATH=\"$(PREFIX)/bin:\$$PATH\"' >> ~/.profile" ;; esac

deps:
	@./Scripts/install-deps.sh

## Regenerate the Swift sources that build the data files (reference document, topics, stop words) into the program.
embed-reference:
	./Scripts/embed-reference.sh

## Fuzz the query path, the importers and the snapshot reader for SECONDS each (libFuzzer with AddressSanitizer), from the
## seed corpora in Fuzz/corpus (small inputs written for the purpose) and, when ../shared/corpus is beside
## the clone, the real transcripts in it, read from there at run time (none are copied into the repository);
## findings land in .build-fuzz/.
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release --disable-dead-strip -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p .build-fuzz/query .build-fuzz/import .build-fuzz/snapshot
	cd .build-fuzz && SWIFT_BACKTRACE=enable=no ../Fuzz/.build/release/fuzz-query -max_total_time=$(SECONDS) -timeout=10 query ../Fuzz/corpus/query
	# FoundationXML's XMLParser leaks a string for each XML error it reports: that one leak is suppressed.
	# Real transcripts as seeds, when the shared corpus is there: files under 64 KB, linked, not copied.
	rm -rf .build-fuzz/shared-seeds && mkdir -p .build-fuzz/shared-seeds
	test ! -d ../shared/corpus || find "$(CURDIR)/../shared/corpus" -type f -size -64k -exec ln -s {} .build-fuzz/shared-seeds/ \;
	cd .build-fuzz && LSAN_OPTIONS=suppressions=../Fuzz/lsan-suppressions.txt:print_suppressions=0 SWIFT_BACKTRACE=enable=no ../Fuzz/.build/release/fuzz-import -max_total_time=$(SECONDS) -timeout=10 import ../Fuzz/corpus/import shared-seeds
	# The snapshot reader, from a small snapshot of Fuzz/corpus/import/labels.txt.
	cd .build-fuzz && SWIFT_BACKTRACE=enable=no ../Fuzz/.build/release/fuzz-snapshot -max_total_time=$(SECONDS) -timeout=10 snapshot ../Fuzz/corpus/snapshot

## Load a generated corpus of TURNS turns (made with ../shared/bench/gen_corpus.py when missing) and run
## Scripts/leak-check.parley on it under AddressSanitizer's leak checker; any leak fails the run.
leaks: deps
	$(SWIFT) build -c release --scratch-path .build-leaks -Xswiftc -sanitize=address --product parley
	@test -d "$(LEAK_CORPUS)" || test -f ../shared/bench/gen_corpus.py || { echo "make leaks: ../shared/bench/gen_corpus.py is not beside the clone; set LEAK_CORPUS=DIR to a corpus" >&2; exit 1; }
	test -d "$(LEAK_CORPUS)" || python3 ../shared/bench/gen_corpus.py --turns $(TURNS) --turns-per-doc 400 --seed 7 --out "$(LEAK_CORPUS)"
	ASAN_OPTIONS=detect_leaks=1 .build-leaks/release/parley -f Scripts/leak-check.parley "$(LEAK_CORPUS)" > .build-leaks/leak-check.out
	@echo "make leaks: no leaks; answers in .build-leaks/leak-check.out"
