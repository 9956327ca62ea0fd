# SPDX-License-Identifier: GPL-3.0-or-later
# Two commands set everything up on a fresh Debian machine:
#   make demo    install what is missing, build, run tandem on bundled real NHS data
#   make check   install test tools, build twice (release, sanitizers), run every test
# Everything else is Meson: meson setup build && ninja -C build && meson test -C build
.PHONY: demo check build clean bench man
BUILD ?= build

build:
	@scripts/install-deps.sh build
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) --buildtype=release -Dtests=false >/dev/null
	@ninja -C $(BUILD) >/dev/null

demo: build
	@scripts/demo.sh $(BUILD)/cli/tandem

check:
	@scripts/ci.sh

bench: build
	@bench/run.sh

man:
	@scripts/gen-man.sh $(BUILD)/cli/tandem

clean:
	rm -rf build build-rel build-asan build-fuzz out
