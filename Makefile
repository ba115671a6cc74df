# Set-up is two commands: `make shell` and `make test`. Each installs what is missing first.
SWIFT ?= swift
PREFIX ?= /usr/local

.PHONY: shell test build install deps embed-reference

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
