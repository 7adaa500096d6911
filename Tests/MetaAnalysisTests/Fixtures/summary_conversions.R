# Generates summary_conversions.json: SDs and means converted from other published summaries,
# written out in R from the papers' formulas (no package), as an independent check.
#   SE -> SD: se * sqrt(n).
#   CI -> SD: sqrt(n) * (upper - lower) / (2 * crit), crit = qt(0.975, n - 1) for n < 60 and
#     qnorm(0.975) otherwise (Cochrane Handbook 6.5.2.2).
#   Median, quartiles, range -> mean: Luo et al. 2018 (Stat Methods Med Res 27:1785), scenarios
#     S1 (min, median, max), S2 (all five), S3 (q1, median, q3).
#   -> SD: Wan et al. 2014 (BMC Med Res Methodol 14:135), eq. 7 (range), 12 (both) and 15 (IQR).
# Run from this folder:  Rscript summary_conversions.R
suppressPackageStartupMessages(library(jsonlite))
fmt <- function(v) sprintf("%.17g", v)
xi <- function(n) 2 * qnorm((n - 0.375) / (n + 0.25))
eta <- function(n) 2 * qnorm((0.75 * n - 0.125) / (n + 0.25))
cases <- list(
  list(n = 15, median = 4, q1 = 2, q3 = 7),
  list(n = 120, median = 30, q1 = 22, q3 = 41),
  list(n = 25, median = 5, min = 0, max = 10),
  list(n = 80, median = 12.5, q1 = 9, q3 = 17, min = 3, max = 30)
)
out <- lapply(cases, function(x) {
  n <- x$n; m <- x$median
  if (!is.null(x$q1) && !is.null(x$min)) {
    w1 <- 2.2 / (2.2 + n^0.75); w2 <- 0.7 - 0.72 / n^0.55
    mean <- w1 * (x$min + x$max) / 2 + w2 * (x$q1 + x$q3) / 2 + (1 - w1 - w2) * m
    sd <- ((x$max - x$min) / xi(n) + (x$q3 - x$q1) / eta(n)) / 2
  } else if (!is.null(x$q1)) {
    mean <- (0.7 + 0.39 / n) * (x$q1 + x$q3) / 2 + (0.3 - 0.39 / n) * m
    sd <- (x$q3 - x$q1) / eta(n)
  } else {
    w <- 4 / (4 + n^0.75)
    mean <- w * (x$min + x$max) / 2 + (1 - w) * m
    sd <- (x$max - x$min) / xi(n)
  }
  c(lapply(x, identity), list(mean_expected = fmt(mean), sd_expected = fmt(sd)))
})
ci <- lapply(list(c(n = 19, lower = 15.6, upper = 31.9), c(n = 60, lower = 1.2, upper = 3.4), c(n = 59, lower = 1.2, upper = 3.4)),
             function(x) {
               crit <- if (x[["n"]] < 60) qt(0.975, x[["n"]] - 1) else qnorm(0.975)
               list(n = x[["n"]], lower = x[["lower"]], upper = x[["upper"]],
                    sd_expected = fmt(sqrt(x[["n"]]) * (x[["upper"]] - x[["lower"]]) / (2 * crit)))
             })
writeLines(toJSON(list(quantiles = out, confidence_intervals = ci), auto_unbox = TRUE, pretty = TRUE, digits = NA),
           "summary_conversions.json")
