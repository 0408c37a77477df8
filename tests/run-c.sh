#!/bin/sh
# Run the C test binaries (built with ASan/UBSan); each prints "name: N passed, N failed".
status=0
for t in "$@"; do
  "$t" || status=1
done
exit $status
