#!/usr/bin/env bash
# Installs every Debian package that building, testing and running MTL Explorer needs.
# Idempotent and non-interactive; run as root or with sudo available.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake g++ make pkg-config
  # core: LibTorch, JSON, gzip readers, fast BLAS for LibTorch's CPU kernels
  libtorch-dev nlohmann-json3-dev zlib1g-dev libopenblas0-openmp
  # the t distribution of Welch's test (Boost.Math, headers only)
  libboost-math-dev
  # desktop program and its tests
  qt6-base-dev qt6-base-dev-tools libqt6svg6-dev libqcustomplot-dev libgl-dev
  # data and screenshots
  dataset-fashion-mnist xvfb xauth
  # acceptance scripts and benchmarks compare against PyTorch through python3
  python3 python3-torch
  # the cross-check of Welch's test (tests/bench/welch_reference.py: SciPy's ttest_ind)
  python3-scipy
  # packaging: the .deb, its check, the man pages (help2man reads the programs' --help), the
  # completion's test (bash-completion), the translations (Qt's linguist tools)
  dpkg-dev file lintian help2man bash-completion qt6-l10n-tools qt6-tools-dev
  # the format check (ctest), function lengths and the one-type-per-name check (universal-ctags),
  # peak memory of the programs on hostile input (/usr/bin/time)
  clang-format universal-ctags time
  # the fuzzers (clang with libFuzzer and the sanitizer runtimes)
  clang libclang-rt-14-dev
  # the cluster test (ctest -L cluster): a single-node Slurm started and stopped by the test
  slurm-wlm munge
)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
