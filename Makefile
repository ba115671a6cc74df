# Set-up is two commands: `make shell` and `make test`. Each installs what is missing first.
SWIFT ?= swift
PREFIX ?= /usr/local

SECONDS ?= 60

.PHONY: shell test build install deps embed-reference fuzz

## Build, then start Parley on the built-in reference document (ARGS="paths..." for others).
shell: build
	.build/release/parley $(ARGS)

## Run the whole test suite.
test: deps
	$(SWIFT) test

build: deps
	$(SWIFT) build -c release

## Install the parley binary (the reference document is built into it).
install: build
	install -d "$(PREFIX)/bin"
	install .build/release/parley "$(PREFIX)/bin/parley"

deps:
	@./Scripts/install-deps.sh

## Regenerate the Swift sources that build the data files (reference document, topics, stop words) into the program.
embed-reference:
	./Scripts/embed-reference.sh

## Fuzz the query path and the importers for SECONDS each (libFuzzer with AddressSanitizer), from the
## seed corpora in Fuzz/corpus; findings land in .build-fuzz/.
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release --disable-dead-strip -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p .build-fuzz/query .build-fuzz/import
	cd .build-fuzz && SWIFT_BACKTRACE=enable=no ../Fuzz/.build/release/fuzz-query -max_total_time=$(SECONDS) -timeout=10 query ../Fuzz/corpus/query
	# FoundationXML's XMLParser leaks a string for each XML error it reports: leaks are not checked here.
	cd .build-fuzz && SWIFT_BACKTRACE=enable=no ../Fuzz/.build/release/fuzz-import -max_total_time=$(SECONDS) -timeout=10 -detect_leaks=0 import ../Fuzz/corpus/import
