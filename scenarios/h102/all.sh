#!/bin/sh
# Warm dumps of every workload in instructions: all.sh ROOT [WORKLOADS...]
# (tiny, lambda, closure, globals, class, instance: N=51; 200-each/200-list: N=6; data: N=4)
root=$1; shift
here=$(dirname "$0")
wls=${*:-"tiny lambda closure globals defs200-each defs200-list data class instance"}
for wl in $wls; do
  case $wl in
    defs200-*) n=6 ;;
    data) n=4 ;;
    new) n=1 ;;
    *) n=51 ;;
  esac
  sh "$here/ic.sh" "$root" "${LIB:-srcpickle}" "$wl" "$n"
done
