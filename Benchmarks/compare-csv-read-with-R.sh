#!/usr/bin/env bash
# Times the same CSV read in TrialStats and in R, in one run, and prints the ratios.
#   Benchmarks/compare-csv-read-with-R.sh [ROWS]
# R's read.csv (with the column types given, its fastest form, and without) and, when
# installed, data.table::fread on one thread and on all threads. Needs R (r-base-core);
# data.table is optional (r-cran-data.table). CI does not run this.
set -euo pipefail
cd "$(dirname "$0")"
rows=${1:-1000000}
command -v Rscript >/dev/null || { echo "compare: needs R (apt-get install r-base-core)" >&2; exit 1; }
swift build -c release --product CSVReadThroughput >/dev/null
file=$(.build/release/CSVReadThroughput --rows "$rows" --generate-only)
ours=$(.build/release/CSVReadThroughput "$file" --repeat 5)
echo "$ours" | head -4
best=$(echo "$ours" | sed -n 's/.*seconds_best=\([0-9.e-]*\).*/\1/p')

Rscript - "$file" "$best" <<'RSCRIPT'
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; ours <- as.numeric(args[2])
time_best <- function(expr, times = 3) {
  expr <- substitute(expr)
  min(vapply(seq_len(times), function(i) system.time(eval(expr, parent.frame(3)))[["elapsed"]], 0))
}
results <- list()
results[["R read.csv"]] <- time_best(read.csv(file))
results[["R read.csv, colClasses numeric"]] <- time_best(read.csv(file, colClasses = "numeric"))
if (requireNamespace("data.table", quietly = TRUE)) {
  threads <- data.table::getDTthreads()
  data.table::setDTthreads(1)
  results[["data.table::fread, 1 thread"]] <- time_best(data.table::fread(file, showProgress = FALSE))
  data.table::setDTthreads(threads)
  if (threads > 1) results[[sprintf("data.table::fread, %d threads", threads)]] <- time_best(data.table::fread(file, showProgress = FALSE))
} else {
  cat("data.table is not installed (apt-get install r-cran-data.table); fread skipped\n")
}
mb <- file.size(file) / 1e6
cat(sprintf("\n%-36s %9s %9s %14s\n", "reader", "seconds", "MB/s", "TrialStats is"))
cat(sprintf("%-36s %9.3f %9.0f %14s\n", "TrialStats CSVReader, 1 thread", ours, mb / ours, ""))
for (name in names(results)) {
  s <- results[[name]]
  ratio <- s / ours
  cat(sprintf("%-36s %9.3f %9.0f %14s\n", name, s, mb / s,
              if (ratio >= 1) sprintf("%.1fx faster", ratio) else sprintf("%.1fx slower", 1 / ratio)))
}
RSCRIPT
