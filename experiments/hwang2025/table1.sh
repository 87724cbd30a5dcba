#!/usr/bin/env bash
# Hwang et al. (2025) Table I protocol: Appendix-B data (data seed 1), batch 512, Adam lr 0.05, MSE,
# 1000 iterations, 10 trials (init seeds 1..10), schemes single / NC / CC / QC at depth L.
# Each run writes its folder under runs/table1/ and its final JSON line to result.json there; a run whose
# result.json exists is skipped, an interrupted one resumes from its checkpoint (dqml train --out).
# Usage: experiments/hwang2025/table1.sh [DEPTHS] [SEEDS] [ITERATIONS] [PARALLEL]
#   defaults: "9" "1 2 3 4 5 6 7 8 9 10" 1000 1
# Then: experiments/hwang2025/table1.sh summary
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/runs/table1"
schemes=(single nc cc qc)

summary() {
  printf '%-7s %-3s %-6s %-8s %-8s %s\n' scheme L runs meanVal stdVal meanTrain
  for dir in "$out"/*/; do
    [ -f "$dir/result.json" ] || continue
    name="$(basename "$dir")"
    scheme="${name%%-L*}"; rest="${name#*-L}"; depth="${rest%%-s*}"
    val="$(grep -o '"validationAccuracy":[-0-9.eE+]*' "$dir/result.json" | cut -d: -f2)"
    train="$(grep -o '"trainAccuracy":[-0-9.eE+]*' "$dir/result.json" | cut -d: -f2)"
    echo "$scheme $depth $val $train"
  done | sort | awk '
    { k = $1 " " $2; n[k]++; s[k] += $3; q[k] += $3 * $3; t[k] += $4 }
    END { for (k in n) { m = s[k] / n[k]; v = q[k] / n[k] - m * m; if (v < 0) v = 0;
          split(k, a, " "); printf "%-7s %-3s %-6d %-8.2f %-8.2f %.2f\n", a[1], a[2], n[k], 100 * m, 100 * sqrt(v), 100 * t[k] / n[k] } }' | sort -k2,2n -k1,1
}

if [ "${1:-}" = "summary" ]; then summary; exit 0; fi
depths="${1:-9}"; seeds="${2:-1 2 3 4 5 6 7 8 9 10}"; iterations="${3:-1000}"; parallel="${4:-1}"
dotnet build "$root/src/Dqml.Cli" -c Release -v q >/dev/null
dll="$root/src/Dqml.Cli/bin/Release/net10.0/dqml.dll"
mkdir -p "$out"
jobs=()
for depth in $depths; do for seed in $seeds; do for scheme in "${schemes[@]}"; do
  dir="$out/$scheme-L$depth-s$seed"
  [ -f "$dir/result.json" ] && continue
  jobs+=("$scheme $depth $seed")
done; done; done
run() {
  set -- $1
  dir="$out/$1-L$2-s$3"
  threads=$(( $(nproc) / parallel )); [ "$threads" -ge 1 ] || threads=1
  dotnet "$dll" train --model hwang-qcnn --scheme "$1" --depth "$2" --seed "$3" --data-seed 1 \
    --iterations "$iterations" --batch 512 --lr 0.05 --threads "$threads" --out "$dir" --json > "$dir.log" 2>&1
  tail -n 1 "$dir.log" > "$dir/result.json.tmp" && mv "$dir/result.json.tmp" "$dir/result.json"
  echo "done $1 L=$2 seed=$3: $(grep -o '"validationAccuracy":[-0-9.eE+]*' "$dir/result.json")"
}
export -f run; export out iterations parallel dll
printf '%s\n' "${jobs[@]}" | xargs -P "$parallel" -I{} bash -c 'run "{}"'
summary
