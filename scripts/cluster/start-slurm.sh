#!/usr/bin/env bash
# A single-node Slurm on this machine, for the cluster test: munge and Slurm (Debian's munge and
# slurm-wlm) configured for localhost and started without systemd. Exits 0 once `sinfo` shows the
# node idle; anything else is printed, and the test says why it skips. Safe to run twice.
set -uo pipefail
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge) >/dev/null || { echo "start-slurm: apt-get install slurm-wlm munge failed" >&2; exit 1; }
  else
    echo "start-slurm: slurm-wlm and munge are not installed (needs root and apt-get)" >&2
    exit 1
  fi
fi
if sinfo -h -o %t 2>/dev/null | grep -q idle; then exit 0; fi
[ "$(id -u)" = 0 ] || { echo "start-slurm: starting the daemons needs root" >&2; exit 1; }

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
mkdir -p /etc/munge /var/log/munge /run/munge /var/lib/munge /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
chown -R munge:munge /etc/munge /var/log/munge /run/munge /var/lib/munge 2>/dev/null
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
fi
pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged || { echo "start-slurm: munged did not start" >&2; exit 1; }

cat > /etc/slurm/slurm.conf <<CONF
ClusterName=dicomveil-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
printf 'ConstrainCores=no\n' > /etc/slurm/cgroup.conf
pgrep -x slurmctld >/dev/null || slurmctld || { echo "start-slurm: slurmctld did not start: $(tail -3 /var/log/slurm/slurmctld.log 2>/dev/null)" >&2; exit 1; }
pgrep -x slurmd >/dev/null || slurmd || { echo "start-slurm: slurmd did not start: $(tail -3 /var/log/slurm/slurmd.log 2>/dev/null)" >&2; exit 1; }
for _ in $(seq 1 30); do
  state=$(sinfo -h -o %t 2>/dev/null | head -1)
  case "$state" in
    idle | mix | alloc) exit 0 ;;
    down* | drain* | unk*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 ;;
  esac
  sleep 1
done
echo "start-slurm: the node is not idle after 30 s (state: ${state:-none}); $(tail -3 /var/log/slurm/slurmd.log 2>/dev/null)" >&2
exit 1
