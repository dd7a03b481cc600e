#!/bin/sh
# The container's entry point: the first argument picks the part (see the Dockerfile).
set -eu
part="${1:-}"
[ $# -gt 0 ] && shift
case "$part" in
  service)  exec lakoo serve "$1" --host 0.0.0.0 ;;
  worker)   exec lakoo worker "$1" ;;
  relay)    exec lakoo relay "$@" ;;
  land)     exec lakoo land "$@" ;;
  migrations) exec lakoo db upgrade "$@" ;;
  dagster)  exec dagster api grpc -m pipelines.definitions -h 0.0.0.0 -p "${DAGSTER_GRPC_PORT:-3030}" ;;
  *) echo "usage: service <name>|gateway, worker <name>, relay, land, migrations [<name>], dagster" >&2
     exit 64 ;;
esac
