#!/bin/bash
# dicomveil on a Slurm cluster: scan shards, plan, anonymize shards, merge (docs/cluster.md).
#
#   INPUT=/shared/study OUTPUT=/shared/study-anon SHARDS=8 bash dicomveil-slurm.sh [-- anonymize options]
#
# submits four jobs chained with --dependency. INPUT, OUTPUT and the private dir
# (PRIVATE_DIR, default $OUTPUT-private) must be on a file system every node mounts. Extra
# arguments after -- go to `dicomveil plan` (e.g. --demographics /shared/people.csv); the shards
# and the merge take them from the plan. Set DICOMVEIL to the command on the nodes (default
# `dicomveil`), SBATCH_ARGS for site flags (partition, account, time). Each step runs with
# --jobs $SLURM_CPUS_PER_TASK of its own allocation (1 without --cpus-per-task), or JOBS if set.
#
# As a job, the same script runs one step: STEP=scan|plan|anonymize|merge (set by the submitter).
set -euo pipefail

: "${INPUT:?set INPUT to the folder of patients}"
: "${OUTPUT:?set OUTPUT to the new output folder}"
: "${SHARDS:=4}"
: "${PRIVATE_DIR:=${OUTPUT%/}-private}"
: "${DICOMVEIL:=dicomveil}"

if [ -n "${STEP:-}" ]; then
  # Each job's own allocation (--cpus-per-task), read on its node, unless JOBS was given at submit.
  JOBS=${JOBS:-${SLURM_CPUS_PER_TASK:-1}}
  # The plan options as the submitter's shell split them (printf %q): a path with spaces stays one.
  eval "plan_args=(${PLAN_ARGS:-})"
  case "$STEP" in
    scan) exec $DICOMVEIL scan "$INPUT" --output "$OUTPUT" --private-dir "$PRIVATE_DIR" --shard auto --jobs "$JOBS" ;;
    plan) exec $DICOMVEIL plan "$INPUT" --output "$OUTPUT" --private-dir "$PRIVATE_DIR" --jobs "$JOBS" ${plan_args[@]+"${plan_args[@]}"} ;;
    anonymize) exec $DICOMVEIL anonymize "$INPUT" --output "$OUTPUT" --plan "$PRIVATE_DIR/plan.json" --shard auto --jobs "$JOBS" ;;
    merge) exec $DICOMVEIL merge --output "$OUTPUT" --private-dir "$PRIVATE_DIR" ;;
    *) echo "unknown STEP=$STEP" >&2; exit 2 ;;
  esac
fi

[ "${1:-}" = "--" ] && shift
# JOBS is not fixed here: the submitting shell knows nothing of the nodes' allocations.
export INPUT OUTPUT SHARDS PRIVATE_DIR DICOMVEIL
PLAN_ARGS=""
[ "$#" -gt 0 ] && PLAN_ARGS=$(printf '%q ' "$@")
export PLAN_ARGS
self=$(readlink -f "$0")
mkdir -p "$(dirname "$PRIVATE_DIR")"
# --parsable prints the job id alone; --export=ALL carries the settings above into each job.
submit() { sbatch --parsable --export=ALL ${SBATCH_ARGS:-} "$@" "$self"; }
scan=$(STEP=scan submit --job-name=dv-scan --array=1-"$SHARDS")
plan=$(STEP=plan submit --job-name=dv-plan --dependency=afterok:"$scan")
anon=$(STEP=anonymize submit --job-name=dv-anonymize --array=1-"$SHARDS" --dependency=afterok:"$plan")
# afterany: a shard that skipped or quarantined a file exits 3 or 1 yet is done; merge says which.
merge=$(STEP=merge submit --job-name=dv-merge --dependency=afterany:"$anon")
echo "$scan $plan $anon $merge"
