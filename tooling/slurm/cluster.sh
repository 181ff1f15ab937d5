#!/usr/bin/env bash
# A one-node Slurm cluster (munged, slurmctld, slurmd) for dam's tests, as root.
#   tooling/slurm/cluster.sh start   → prints `export SLURM_CONF=…` (also written to $DAM_SLURM_DIR/env)
#   tooling/slurm/cluster.sh stop    → stops the daemons it started (by their pid files)
#   tooling/slurm/cluster.sh status  → exit 0 when the node answers `sinfo` as idle or mixed
# State, spool, logs and the configuration go to $DAM_SLURM_DIR (default /tmp/dam-slurm).
# Needs Debian's slurm-wlm and munge (`apt-get install -y slurm-wlm munge`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${DAM_SLURM_DIR:-/tmp/dam-slurm}"
conf="${dir}/slurm.conf"
export SLURM_CONF="${conf}"

stop() {
  for name in slurmd slurmctld; do
    if [[ -f "${dir}/${name}.pid" ]]; then kill "$(cat "${dir}/${name}.pid")" 2>/dev/null || true; rm -f "${dir}/${name}.pid"; fi
  done
  if [[ -f "${dir}/munged.pid" ]]; then kill "$(cat "${dir}/munged.pid")" 2>/dev/null || true; rm -f "${dir}/munged.pid"; fi
  # Wait for the daemons to go, so that a new cluster can take their ports.
  for _ in $(seq 1 40); do
    pgrep -r R,S,D -x slurmctld >/dev/null || pgrep -r R,S,D -x slurmd >/dev/null || break
    sleep 0.25
  done
}

status() {
  [[ -f "${conf}" ]] && sinfo --noheader --format=%T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'
}

start() {
  if [[ $(id -u) -ne 0 ]]; then echo "cluster.sh: needs root (slurmd runs jobs as their users)" >&2; exit 1; fi
  for tool in munged slurmctld slurmd sbatch; do
    command -v "${tool}" >/dev/null || { echo "cluster.sh: ${tool} is missing; apt-get install -y slurm-wlm munge" >&2; exit 1; }
  done
  if status; then echo "export SLURM_CONF=${conf}"; return; fi
  stop
  mkdir -p "${dir}/ctld" "${dir}/d"
  # munge: a 1 KiB key owned by munge, mode 400, and its socket directory.
  if [[ ! -s /etc/munge/munge.key ]]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge && chown munge:munge /run/munge /var/lib/munge /var/log/munge
  # Started (and later stopped) only if no munged runs yet.
  if ! pgrep -u munge -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged
    pgrep -u munge -x munged -n > "${dir}/munged.pid"
  fi
  # Memory for jobs: what the machine has, less 1 GiB.
  memory=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))
  sed -e "s|@HOST@|$(hostname -s)|g" -e "s|@STATE@|${dir}|g" -e "s|@CPUS@|$(nproc)|g" -e "s|@MEMORY@|${memory}|g" \
      -e "s|@CTLD_PORT@|${DAM_SLURMCTLD_PORT:-6817}|g" -e "s|@D_PORT@|${DAM_SLURMD_PORT:-6818}|g" \
      "${here}/slurm.conf.template" > "${conf}"
  slurmctld -f "${conf}"
  slurmd -f "${conf}"
  for _ in $(seq 1 60); do
    if status; then
      echo "export SLURM_CONF=${conf}" | tee "${dir}/env"
      return
    fi
    sleep 0.5
  done
  echo "cluster.sh: the node did not become idle; see ${dir}/slurmctld.log and ${dir}/slurmd.log" >&2
  scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true
  status || exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: cluster.sh start|stop|status" >&2; exit 2 ;;
esac
