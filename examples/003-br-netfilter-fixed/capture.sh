#!/usr/bin/env bash
# The same rebuild as ../003-br-netfilter/capture.sh, with net.bridge.bridge-nf-call-iptables = 1
# in node-1, written into this folder. Run as root; the namespaces are deleted on exit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BRNF=1 OUT=$HERE exec "$HERE/../003-br-netfilter/capture.sh"
