#!/bin/bash
set -euo pipefail
usage(){ echo "usage: $0 [-n] target" >&2;exit 2;}
dry=0
while getopts n opt;do case $opt in n) dry=1;; *) usage;; esac;done
shift $((OPTIND-1))
[ $# -eq 1 ]||usage
target=$1
for f in build/*.tar.gz ; do
if [[ -f "$f" && $dry -eq 0 ]];then scp "$f" "$target:/srv/" ;else echo "would copy $f";fi
done
cat <<EOT
deployed to ${target}
EOT
result=$( { ls /srv | wc -l ; } 2>/dev/null )
echo "files: $result"
