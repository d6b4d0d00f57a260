#!/usr/bin/env bash
# One-time set-up of a clone: npm packages, and the independent checkers the tests compare against
# (dcmtk's dcmdump, pydicom on /usr/bin/python3, dicom3tools' dciodvfy, Debian's chromium for the GUI
# tests, Slurm and munge for the cluster test).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v dcmdump >/dev/null 2>&1 || missing+=(dcmtk)
/usr/bin/python3 -c 'import pydicom' >/dev/null 2>&1 || missing+=(python3-pydicom)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v dciodvfy >/dev/null 2>&1 || missing+=(dicom3tools)
# A single-node Slurm for the cluster test (scripts/cluster/start-slurm.sh starts it).
command -v slurmctld >/dev/null 2>&1 || missing+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || missing+=(munge)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "setup: please install these Debian packages: ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2
  fi
fi
npm ci
