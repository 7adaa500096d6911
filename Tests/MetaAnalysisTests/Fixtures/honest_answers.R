# Generates honest_answers.json: the numbers HonestAnswerTests holds reproduce and meta to: the
# Student t interval of two printed arms (n 20 and 20, means 3.10 and 4.00, SDs 1.40); Fisher's
# exact test, the chi-square test (Yates) and the Wald RR interval of 3/20 against 5/20; the
# zero-cell RR of 0/20 against 5/20 (escalc's ½ added) and its Fisher p; and Hartung-Knapp with
# the ad hoc correction on three agreeing studies (metafor's test = "adhoc").
# Run from the repository root: Rscript Tests/MetaAnalysisTests/Fixtures/honest_answers.R
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
fmt <- function(v) I(sprintf("%.17g", v))
interval <- (3.10 - 4.00) + c(-1, 1) * qt(0.975, 38) * 1.4 * sqrt(2 / 20)
counts <- matrix(c(3, 17, 5, 15), 2, byrow = TRUE)
rr <- (3 / 20) / (5 / 20); se <- sqrt(1 / 3 - 1 / 20 + 1 / 5 - 1 / 20)
zero <- escalc("RR", ai = 0, n1i = 20, ci = 5, n2i = 20)
adhoc <- rma(yi = c(1, 1, 1), vi = rep(0.25, 3), test = "adhoc")
out <- list(R = R.version.string, metafor = as.character(packageVersion("metafor")),
            studentInterval = fmt(interval),
            counts = list(fisher = fmt(fisher.test(counts)$p.value), chiSquare = fmt(suppressWarnings(chisq.test(counts))$p.value),
                          rr = fmt(rr), interval = fmt(exp(log(rr) + c(-1, 1) * qnorm(0.975) * se))),
            zeroCell = list(rr = fmt(exp(zero$yi)), interval = fmt(exp(zero$yi + c(-1, 1) * qnorm(0.975) * sqrt(zero$vi))),
                            fisher = fmt(fisher.test(matrix(c(0, 20, 5, 15), 2, byrow = TRUE))$p.value)),
            adhoc = list(se = fmt(adhoc$se), lower = fmt(adhoc$ci.lb), upper = fmt(adhoc$ci.ub)))
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE), "Tests/MetaAnalysisTests/Fixtures/honest_answers.json")
