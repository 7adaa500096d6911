# Generates two_sample_t_summaries.json: R's t.test on the Maniquis-Smigel 2017 summary numbers
# (change in NRS from baseline, 5% dextrose n = 19 vs saline n = 16; see
# ../../../../shared/reference/published-trials.md, section 4a).
# t.test needs data, so each arm is a sample built to have exactly the published mean and SD:
# the t statistics, df, p-values and CIs depend on the data only through n, mean and SD.
# Run from this folder:  Rscript worked_example.R
suppressPackageStartupMessages(library(jsonlite))
fmt <- function(v) sprintf("%.17g", v)
exact <- function(n, m, s) { z <- scale(seq_len(n))[, 1]; m + s * z }

visits <- data.frame(
  visit = c("15 min", "2 h", "4 h", "48 h", "2 weeks"),
  dextroseMean = c(4.4, 4.6, 4.6, 3.0, 2.1), dextroseSD = c(1.7, 1.9, 2.0, 2.3, 2.9),
  salineMean = c(2.4, 1.8, 1.4, 1.0, 1.2), salineSD = c(2.8, 2.8, 2.3, 2.1, 2.4))
rows <- lapply(seq_len(nrow(visits)), function(i) {
  v <- visits[i, ]
  d <- exact(19, v$dextroseMean, v$dextroseSD)
  s <- exact(16, v$salineMean, v$salineSD)
  student <- t.test(d, s, var.equal = TRUE)
  welch <- t.test(d, s, var.equal = FALSE)
  list(visit = v$visit,
       difference = fmt(unname(student$estimate[1] - student$estimate[2])),
       studentT = fmt(unname(student$statistic)), studentDF = fmt(unname(student$parameter)),
       studentP = fmt(student$p.value), studentCI = fmt(student$conf.int),
       welchT = fmt(unname(welch$statistic)), welchDF = fmt(unname(welch$parameter)),
       welchP = fmt(welch$p.value), welchCI = fmt(welch$conf.int))
})
writeLines(toJSON(list(generator = "Tests/HypothesisTestsTests/Fixtures/two_sample_t_summaries.R",
                       r_version = R.version.string, visits = rows), auto_unbox = TRUE),
           "two_sample_t_summaries.json")
cat("wrote two_sample_t_summaries.json\n")
