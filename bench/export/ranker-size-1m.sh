#!/bin/bash
# Run holding the quiet lock (docs/benchmarks.md, session 11): retrain the 1M ranker with the size rule
# (train-ranker), the 1M export bench; release the lock; then (nice 19) the held-back buyers' export with
# the new and the old ranker and their test quality (bench/rank/export-holdout.ts). Writes .data/size/lock/.
# First: npx tsx --tsconfig tsconfig.base.json bench/rank/export-holdout.ts --truth $WORLD/truth/holdout_purchases.csv --users-out .data/size/holdout-users-1m.txt
set -u
cd "$(dirname "$0")/../.."
export NEO4J_PORT=7791 NEO4J_DATA_DIR=.data/neo4j-1m-batch NEO4J_HEAP=2g NEO4J_PAGECACHE=2g
L=.data/size/lock
mkdir -p $L
t() { echo "$1 $(date -u +%T) $(uptime)" >> $L/times.log; }
t start
node scripts/neo4j.mjs start > $L/neo4j-start.log 2>&1
t neo4j-up
npx tsx --tsconfig tsconfig.base.json bench/export/served-ranker-record.ts > $L/record-before.json 2>&1
NODE_OPTIONS=--max-old-space-size=6144 /usr/bin/time -v npx graphrec train-ranker --model-dir .data/models --json > $L/train.json 2> $L/train.err
t "trained rc=$?"
npx tsx --tsconfig tsconfig.base.json bench/export/served-ranker-record.ts > $L/record-after.json 2>&1
NODE_OPTIONS=--max-old-space-size=4096 npm run bench:export-recommendations -- --k 10 --workers 2 > $L/export.log 2>&1
t "exported rc=$?"
rm -rf /work/notes/quiet.lock
t released
nice -n 19 npx graphrec export recommendations --k 10 --workers 2 --users .data/size/holdout-users-1m.txt --out $L/holdout-new.csv > $L/holdout-new.log 2>&1
t "holdout-new rc=$?"
OLD=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$L/record-before.json','utf8').split('\n').find(l=>l.startsWith('[')))[0].ranker)")
NEW=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$L/record-after.json','utf8').split('\n').find(l=>l.startsWith('[')))[0].ranker)")
nice -n 19 npx tsx --tsconfig tsconfig.base.json bench/export/served-ranker-record.ts "$OLD" >> $L/record-swap.log 2>&1
nice -n 19 npx graphrec export recommendations --k 10 --workers 2 --users .data/size/holdout-users-1m.txt --out $L/holdout-old.csv > $L/holdout-old.log 2>&1
t "holdout-old rc=$?"
nice -n 19 npx tsx --tsconfig tsconfig.base.json bench/export/served-ranker-record.ts "$NEW" >> $L/record-swap.log 2>&1
for f in new old; do nice -n 19 npx tsx --tsconfig tsconfig.base.json bench/rank/export-holdout.ts --truth ${WORLD:-/work/data/world-1000000}/truth/holdout_purchases.csv --export $L/holdout-$f.csv > $L/quality-$f.json 2>&1; done
node scripts/neo4j.mjs stop >> $L/neo4j-start.log 2>&1
t done
