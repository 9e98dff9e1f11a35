#!/usr/bin/env bash
# Runs one acceptance check (an optional extra from our build machines) with SIGPIPE ignored.
# The checks test listings with `ctest -N | grep -q NAME` under `set -o pipefail`: grep leaves at
# the first match, and when ctest writes its last line after that it dies of SIGPIPE and the check
# fails although the test is registered (about one run in eight on this machine). An ignored
# signal is inherited, so the writer gets EPIPE instead and the pipeline's status is grep's.
trap '' PIPE
exec bash "$@"
