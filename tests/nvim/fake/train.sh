#!/bin/sh
# A stand-in for `bin/newsmark train --init MODEL ... --output PATH` in the
# :Newsmark train specs: prints progress lines as the real trainer does (on
# stderr) and copies the --init model to --output.
# Leading options of its own (before `train`):
#   --fail          print a trainer-style error and exit 1
#   --wait FILE     wait until FILE exists before finishing (a running job)
#   --garbage       write a file that is not a model
#   --args FILE     write the arguments it got to FILE, one a line
mode=copy
wait=
argsfile=
while [ $# -gt 0 ] && [ "$1" != train ]; do
  case $1 in
    --fail) mode=fail ;;
    --garbage) mode=garbage ;;
    --wait) shift; wait=$1 ;;
    --args) shift; argsfile=$1 ;;
  esac
  shift
done
[ "$1" = train ] || { echo "newsmark: fake trainer: expected 'train'" >&2; exit 2; }
shift
[ -n "$argsfile" ] && printf '%s\n' "$@" >"$argsfile"
init= output= data= epochs=1
while [ $# -gt 0 ]; do
  case $1 in
    --init) init=$2; shift ;;
    --output) output=$2; shift ;;
    --data) data=$2; shift ;;
    --epochs) epochs=$2; shift ;;
  esac
  shift
done
old_ifs=$IFS
IFS=,
for f in $data; do
  [ -f "$f" ] || { echo "newsmark: $f: cannot open the data file" >&2; exit 1; }
  echo "newsmark train: read $f: $(grep -c . "$f") tokens (weight 1.00)" >&2
done
IFS=$old_ifs
if [ -n "$wait" ]; then
  while [ ! -e "$wait" ]; do sleep 0.05; done
fi
if [ "$mode" = fail ]; then
  echo "newsmark train: run 1 epoch 1: 3 token errors (1.00%)" >&2
  echo "newsmark: fake failure: the data is not what was expected" >&2
  exit 1
fi
e=1
while [ "$e" -le "$epochs" ]; do
  echo "newsmark train: run 1 epoch $e: 0 token errors (0.00%)" >&2
  e=$((e + 1))
done
if [ "$mode" = garbage ]; then
  echo "not a model" >"$output"
else
  cp "$init" "$output" || exit 1
fi
echo "newsmark train: wrote $output: 1 features kept, 1 with weights" >&2
