# Generates responders.json: responder comparisons between two arms from R.
# Run from this folder:  Rscript responders.R
#   - risk difference, log risk ratio and log odds ratio with their sampling variances: metafor::escalc,
#     Wald intervals from them. The risk difference uses add = 0: escalc's default adds 1/2 to every
#     cell of a table with a zero, which changes the difference itself; TrialStats reports the
#     observed difference (and recommends the Newcombe interval when a count is 0);
#   - Wilson intervals of each proportion: prop.test(x, n, correct = FALSE); Newcombe's hybrid score
#     interval for the difference (Newcombe 1998, method 10) written out from them;
#   - the risk ratio's MOVER-R interval (Zou & Donner 2008, Stat Med 27:1693) written out from the
#     same Wilson intervals;
#   - the conditional MLE odds ratio and exact interval: fisher.test.
suppressPackageStartupMessages({ library(jsonlite); library(metafor) })
fmt <- function(v) sprintf("%.17g", v)
z <- qnorm(0.975)
one <- function(name, a, n1, c, n2) {
  rd <- escalc("RD", ai = a, n1i = n1, ci = c, n2i = n2, add = 0)
  rr <- if (a > 0 && c > 0) escalc("RR", ai = a, n1i = n1, ci = c, n2i = n2) else NULL
  or <- if (a > 0 && c > 0 && a < n1 && c < n2) escalc("OR", ai = a, n1i = n1, ci = c, n2i = n2) else NULL
  w1 <- prop.test(a, n1, correct = FALSE)$conf.int; w2 <- prop.test(c, n2, correct = FALSE)$conf.int
  p1 <- a / n1; p2 <- c / n2; d <- p1 - p2
  newcombe <- c(d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
  f <- fisher.test(matrix(c(a, c, n1 - a, n2 - c), 2))
  mover <- if (c > 0) {
    pr <- p1 * p2
    c((pr - sqrt(max(0, pr^2 - w1[1] * w2[2] * (2 * p1 - w1[1]) * (2 * p2 - w2[2])))) / (w2[2] * (2 * p2 - w2[2])),
      (pr + sqrt(max(0, pr^2 - w1[2] * w2[1] * (2 * p1 - w1[2]) * (2 * p2 - w2[1])))) / (w2[1] * (2 * p2 - w2[1])))
  } else NULL
  list(name = name, counts = c(a, n1, c, n2), mover = if (is.null(mover)) NULL else fmt(mover),
       rd = fmt(c(rd$yi, rd$yi - z * sqrt(rd$vi), rd$yi + z * sqrt(rd$vi))), newcombe = fmt(newcombe),
       rr = if (is.null(rr)) NULL else fmt(exp(c(rr$yi, rr$yi - z * sqrt(rr$vi), rr$yi + z * sqrt(rr$vi)))),
       or = if (is.null(or)) NULL else fmt(exp(c(or$yi, or$yi - z * sqrt(or$vi), or$yi + z * sqrt(or$vi)))),
       fisher = fmt(c(f$estimate, f$conf.int, f$p.value)))
}
cases <- list(one("16/19 vs 3/16 (Maniquis-Smigel 50% responders, saline count made up)", 16, 19, 3, 16),
              one("interval crossing no effect", 8, 20, 6, 19), one("a zero count", 5, 12, 0, 10),
              one("large", 60, 100, 45, 100))
writeLines(toJSON(list(generator = "Tests/EffectSizesTests/Fixtures/responders.R", r_version = R.version.string,
                       metafor_version = as.character(packageVersion("metafor")), cases = cases), auto_unbox = TRUE, null = "null"),
           "responders.json")
cat("wrote responders.json\n")
