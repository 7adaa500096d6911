# Generates classical_tests.json: R's rank, exact and chi-square tests and p.adjust on small
# inputs (ties, unequal n, n = 2 per group, zero differences, a 2 x 2 with a zero cell).
# Run from this folder:  Rscript classical_tests.R
suppressPackageStartupMessages(library(jsonlite))
fmt <- function(v) sprintf("%.17g", v)
trial <- read.csv("../../LinearModelsTests/Fixtures/small_trial.csv")
arm <- function(a, v) { z <- trial[[v]][trial$arm == a]; z[!is.na(z)] }

mann <- function(name, x, y) {
  w <- suppressWarnings(wilcox.test(x, y, conf.int = TRUE))
  list(name = name, x = fmt(x), y = fmt(y), W = fmt(unname(w$statistic)), p = fmt(w$p.value),
       estimate = fmt(unname(w$estimate)), ci = fmt(w$conf.int), method = w$method)
}
signed <- function(name, before, after) {
  w <- suppressWarnings(wilcox.test(after, before, paired = TRUE))
  list(name = name, before = fmt(before), after = fmt(after), V = fmt(unname(w$statistic)), p = fmt(w$p.value))
}
fisher <- function(name, a, b, c, d) {
  f <- fisher.test(matrix(c(a, c, b, d), 2))
  list(name = name, table = c(a, b, c, d), p = fmt(f$p.value), or = fmt(unname(f$estimate)), ci = fmt(f$conf.int))
}
chisq <- function(name, counts, rows) {
  m <- matrix(counts, nrow = rows, byrow = TRUE)
  yes <- suppressWarnings(chisq.test(m)); no <- suppressWarnings(chisq.test(m, correct = FALSE))
  list(name = name, counts = counts, rows = rows, statistic = fmt(unname(yes$statistic)), p = fmt(yes$p.value),
       statistic_no_yates = fmt(unname(no$statistic)), p_no_yates = fmt(no$p.value))
}
pvalues <- c(0.01, 0.04, 0.03, 0.005, 0.20, 0.04, NA, 0.8, 0.015)
adjust <- lapply(c("bonferroni", "holm", "hochberg", "hommel", "BH", "BY"), function(m)
  list(method = m, adjusted = fmt(p.adjust(pvalues, m)), pair = fmt(p.adjust(c(0.03, 0.02), m))))

kw_groups <- list(arm("dextrose", "vas_w12"), arm("saline", "vas_w12"), arm("triamcinolone", "vas_w12"))
kw <- kruskal.test(kw_groups)
fixture <- list(
  generator = "Tests/HypothesisTestsTests/Fixtures/classical_tests.R", r_version = R.version.string,
  mann_whitney = list(
    mann("dextrose vs saline, VAS week 12 (ties)", arm("dextrose", "vas_w12"), arm("saline", "vas_w12")),
    mann("no ties, exact", c(1.1, 2.3, 3.7, 4.2, 5.9), c(2.8, 6.1, 7.4, 8.8)),
    mann("two per group", c(3, 5), c(6, 6.5)),
    mann("ties, unequal n", c(2, 2, 3, 3, 3, 4, 8), c(3, 3, 4, 4, 5, 5, 5, 9, 9, 10)),
    mann("age by sex", trial$age[trial$sex == "F" & !is.na(trial$age)], trial$age[trial$sex == "M" & !is.na(trial$age)])),
  signed_rank = list(
    signed("dextrose week 0 to 12 (ties)", trial$vas_w0[trial$arm == "dextrose" & !is.na(trial$vas_w12)],
           trial$vas_w12[trial$arm == "dextrose" & !is.na(trial$vas_w12)]),
    signed("no ties, exact", c(5.1, 6.2, 7.3, 8.4, 9.5, 3.3), c(4.0, 6.0, 5.1, 8.9, 6.6, 1.2)),
    signed("zero differences", c(5, 6, 7, 8, 9, 4, 6), c(5, 4, 5, 9, 6, 4, 3))),
  kruskal = list(groups = lapply(kw_groups, fmt), statistic = fmt(unname(kw$statistic)), df = unname(kw$parameter), p = fmt(kw$p.value)),
  fisher = list(fisher("responders 8/12 vs 3/11", 8, 4, 3, 8), fisher("a zero cell", 5, 0, 2, 6),
                fisher("balanced", 6, 6, 6, 6), fisher("large", 45, 15, 30, 30)),
  chisq = list(chisq("2 x 2", c(8, 4, 3, 8), 2), chisq("3 x 2 (three arms)", c(12, 8, 7, 13, 15, 5), 3),
               chisq("2 x 2 large", c(45, 15, 30, 30), 2)),
  fisher_rxc = lapply(list(list("3 x 2 responders", c(12, 8, 7, 13, 15, 5), 3), list("3 x 3", c(3, 1, 4, 1, 5, 9, 2, 6, 5), 3),
                           list("2 x 4 sparse", c(0, 3, 1, 4, 2, 0, 5, 1), 2)),
                      function(t) list(name = t[[1]], counts = t[[2]], rows = t[[3]],
                                       p = fmt(fisher.test(matrix(t[[2]], nrow = t[[3]], byrow = TRUE))$p.value))),
  p_values = fmt(pvalues), adjust = adjust)
writeLines(toJSON(fixture, auto_unbox = TRUE), "classical_tests.json")
cat("wrote classical_tests.json\n")
