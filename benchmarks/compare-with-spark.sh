#!/usr/bin/env bash
# Runs Sluice (bin/sluice bench) and the Spark peer benchmark on the same workloads, interleaved: Sluice run 1 of
# every workload, then Spark run 1 of every workload, then run 2 of each, ... Each Sluice run is its own JVM under
# /usr/bin/time -v, as the peer's are. Writes <OUT_DIR>/sluice.jsonl, the peer's results under <OUT_DIR>/spark-runN/
# and <OUT_DIR>/comparison.md: the median over the runs of each figure and the ratio Sluice/Spark.
#
#   benchmarks/compare-with-spark.sh                      # 3 runs each, Spark's tuned profile, rate source
#   RUNS=1 benchmarks/compare-with-spark.sh               # quicker
#   SPARK_RESULTS=<peer results .jsonl> benchmarks/compare-with-spark.sh   # Sluice only, against earlier peer results
#   WORKLOADS="W1-overhead W3-filter" benchmarks/compare-with-spark.sh
#
# The peer lives beside the project: ../shared/peers/spark-bench relative to the project root (PEER_DIR overrides).
# Needs: java, jq, python3, /usr/bin/time; Maven for the peer's own build. Build Sluice first:
# ./mvnw -q -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER_DIR=${PEER_DIR:-$root/../shared/peers/spark-bench}
RUNS=${RUNS:-3}
PROFILES=${PROFILES:-tuned}
MASTER=${MASTER:-local[2]}
EVENTS=${EVENTS:-10000000}
ROWS_PER_BATCH=${ROWS_PER_BATCH:-1000000}
RUN_TIMEOUT_S=${RUN_TIMEOUT_S:-200}
SPARK_RESULTS=${SPARK_RESULTS:-}
OUT_DIR=${OUT_DIR:-$root/benchmarks/target/compare-$(date -u +%F-%H%M)}
mkdir -p "$OUT_DIR/logs"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

# name | bin/sluice bench arguments: the peer's rate-source configurations (run.sh), same names
configs=(
  "W1-overhead|overhead --rows-per-batch 10 --warmup-batches 5 --batches 30 --trigger-ms 0"
  "W1-overhead-warm|overhead --rows-per-batch 10 --warmup-batches 300 --batches 30 --trigger-ms 0"
  "W1b-overhead-agg|overhead-agg --rows-per-batch 10 --warmup-batches 5 --batches 30 --trigger-ms 0"
  "W0-scan|scan --events $EVENTS --rows-per-batch $ROWS_PER_BATCH --trigger-ms 0"
  "W2-agg|agg --events $EVENTS --rows-per-batch $ROWS_PER_BATCH --trigger-ms 0"
  "W3-filter|filter --events $EVENTS --rows-per-batch $ROWS_PER_BATCH --trigger-ms 0"
  "W4-dedup|dedup --events $EVENTS --rows-per-batch $ROWS_PER_BATCH --trigger-ms 0"
)
WORKLOADS=${WORKLOADS:-}

selected() {
  [[ -z $WORKLOADS ]] || [[ " $WORKLOADS " == *" $1 "* ]]
}

run_sluice() {
  local run=$1 cfg name wargs log rc rss line
  for cfg in "${configs[@]}"; do
    IFS='|' read -r name wargs <<< "$cfg"
    selected "$name" || continue
    read -r -a wa <<< "$wargs"
    log=$OUT_DIR/logs/sluice-$name-run$run
    printf '== sluice run %s/%s %-18s ' "$run" "$RUNS" "$name"
    set +e
    /usr/bin/time -v -o "$log.time" timeout "$RUN_TIMEOUT_S" \
        "$root/bin/sluice" bench "${wa[@]}" --master "$MASTER" --label "$name/datagen" > "$log.json" 2> "$log.err"
    rc=$?
    set -e
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
    line=$(grep '^{' "$log.json" | tail -1 || true)
    [[ -n $line ]] || line='{"status":"no result line"}'
    echo "$line" | jq -c --arg name "$name" --argjson run "$run" --argjson rc "$rc" --argjson rss "${rss:-0}" \
        --arg cmd "bin/sluice bench ${wargs} --master $MASTER" \
        '. + {name:$name, profile:"sluice", sourceKind:"rate", run:$run, exitCode:$rc, peakRssKbTimeV:$rss, cmd:$cmd}' \
        >> "$OUT_DIR/sluice.jsonl"
    echo "rc=$rc rss=${rss}kB $(echo "$line" | jq -r '.status')"
  done
}

run_spark() {
  local run=$1
  echo "== spark run $run/$RUNS (the peer's run.sh, RUNS=1 PROFILES=$PROFILES SOURCES=rate)"
  RUNS=1 PROFILES=$PROFILES SOURCES=rate MASTER=$MASTER EVENTS=$EVENTS ROWS_PER_BATCH=$ROWS_PER_BATCH \
      RUN_TIMEOUT_S=$RUN_TIMEOUT_S OUT_DIR="$OUT_DIR/spark-run$run" "$PEER_DIR/run.sh"
}

if [[ -z $SPARK_RESULTS && ! -x $PEER_DIR/run.sh ]]; then
  echo "compare-with-spark: no Spark peer at $PEER_DIR (set PEER_DIR, or SPARK_RESULTS to a results file)" >&2
  exit 2
fi
for run in $(seq 1 "$RUNS"); do
  run_sluice "$run"
  [[ -n $SPARK_RESULTS ]] || run_spark "$run"
done

if [[ -n $SPARK_RESULTS ]]; then
  spark_files=("$SPARK_RESULTS")
  note="Spark figures from $(basename "$SPARK_RESULTS"), an earlier run: NOT the same run as Sluice's"
else
  mapfile -t spark_files < <(find "$OUT_DIR" -path '*/spark-run*/results-*.jsonl' | sort)
  note="Spark and Sluice interleaved in the same session ($RUNS runs each)"
fi
python3 "$root/benchmarks/compare_results.py" --note "$note" --profile "$PROFILES" \
    "$OUT_DIR/sluice.jsonl" "${spark_files[@]}" > "$OUT_DIR/comparison.md"
cat "$OUT_DIR/comparison.md"
echo "== wrote $OUT_DIR/comparison.md"
