# Generates compare_demo.json: what `trialstats compare` must print for the demo trial, from R.
#   trialstats compare Datasets/demo-trial/demo-trial-long.csv --outcome vas --at visit=12 \
#     --treatment dextrose --control saline --covariate age [--change]
# Run from this folder:  Rscript compare_demo.R
suppressPackageStartupMessages({ library(jsonlite); library(effectsize); library(metafor) })
fmt <- function(v) sprintf("%.17g", v)
d <- read.csv("../../../Datasets/demo-trial/demo-trial-long.csv")
base <- d[d$visit == 0, c("subject", "vas")]; names(base)[2] <- "baseline"
d <- merge(d, base, by = "subject")
d$change <- d$vas - d$baseline
exact_ci <- function(est, h, df, J = 1) {
  t <- est / J / sqrt(h)
  f <- function(ncp, p) pt(t, df, ncp) - p
  c(uniroot(f, c(t - 50, t + 50), p = 0.975, tol = 1e-14)$root, uniroot(f, c(t - 50, t + 50), p = 0.025, tol = 1e-14)$root) * sqrt(h) * J
}
one <- function(variable) {
  w12 <- d[d$visit == 12 & d$arm %in% c("dextrose", "saline"), ]
  x <- w12[[variable]][w12$arm == "dextrose"]; y <- w12[[variable]][w12$arm == "saline"]
  x <- x[!is.na(x)]; y <- y[!is.na(y)]
  welch <- t.test(x, y)
  w12$arm <- relevel(factor(w12$arm), ref = "saline")
  fit <- lm(as.formula(paste(variable, "~ baseline + arm + age")), data = w12)
  cf <- summary(fit)$coefficients["armdextrose", ]; ci <- confint(fit)["armdextrose", ]
  cd <- cohens_d(x, y); hg <- hedges_g(x, y); gd <- glass_delta(x, y)
  n1 <- length(x); n2 <- length(y); df <- n1 + n2 - 2; h <- 1 / n1 + 1 / n2
  hd <- 1 / n2 + var(x) / (n1 * var(y))
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  mw <- suppressWarnings(wilcox.test(x, y, conf.int = TRUE))
  list(welch = fmt(c(unname(welch$estimate[1] - welch$estimate[2]), welch$conf.int, welch$p.value)),
       # t.test's statistic, Welch-Satterthwaite df and standard error.
       welch_test = fmt(c(unname(welch$statistic), unname(welch$parameter), welch$stderr)),
       ancova = fmt(c(cf[1], ci, cf[4])),
       # lm's SE, t and residual df of the arm coefficient.
       ancova_test = fmt(c(cf[2], cf[3], fit$df.residual)),
       d = fmt(c(cd$Cohens_d, exact_ci(cd$Cohens_d, h, df))), g = fmt(c(hg$Hedges_g, exact_ci(hg$Hedges_g, h, df, J))),
       # effectsize's Glass's delta (control SD), its interval solved exactly as for d and g.
       delta = fmt(c(gd$Glass_delta, exact_ci(gd$Glass_delta, hd, n2 - 1))), delta_effectsize = fmt(c(gd$CI_low, gd$CI_high)),
       shift = fmt(c(unname(mw$estimate), mw$conf.int, mw$p.value)),
       means = fmt(c(mean(x), sd(x), mean(y), sd(y))), n = c(length(x), length(y)))
}
# trialstats responders ... --at visit=12 --percent 50 --treatment dextrose --control saline:
# a responder improves by at least 50% of baseline (a fall, for pain).
responders <- function() {
  w12 <- d[d$visit == 12 & d$arm %in% c("dextrose", "saline") & !is.na(d$vas), ]
  w12$responder <- 100 * (w12$baseline - w12$vas) / w12$baseline >= 50
  a <- sum(w12$responder[w12$arm == "dextrose"]); n1 <- sum(w12$arm == "dextrose")
  c <- sum(w12$responder[w12$arm == "saline"]); n2 <- sum(w12$arm == "saline")
  z <- qnorm(0.975)
  rd <- escalc("RD", ai = a, n1i = n1, ci = c, n2i = n2, add = 0)
  rr <- escalc("RR", ai = a, n1i = n1, ci = c, n2i = n2)
  or <- escalc("OR", ai = a, n1i = n1, ci = c, n2i = n2)
  w1 <- prop.test(a, n1, correct = FALSE)$conf.int; w2 <- prop.test(c, n2, correct = FALSE)$conf.int
  p1 <- a / n1; p2 <- c / n2; dd <- p1 - p2
  f <- fisher.test(matrix(c(a, c, n1 - a, n2 - c), 2))
  list(counts = c(a, n1, c, n2), wilson = fmt(c(w1, w2)),
       newcombe = fmt(c(dd, dd - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), dd + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))),
       wald = fmt(c(rd$yi, rd$yi - z * sqrt(rd$vi), rd$yi + z * sqrt(rd$vi))),
       rr = fmt(exp(c(rr$yi, rr$yi - z * sqrt(rr$vi), rr$yi + z * sqrt(rr$vi)))),
       or = fmt(exp(c(or$yi, or$yi - z * sqrt(or$vi), or$yi + z * sqrt(or$vi)))),
       fisher = fmt(c(f$estimate, f$conf.int, f$p.value)))
}
writeLines(toJSON(list(generator = "Tests/CLITests/Fixtures/compare_demo.R", r_version = R.version.string,
                       value = one("vas"), change = one("change"), responders = responders()), auto_unbox = TRUE), "compare_demo.json")
cat("wrote compare_demo.json\n")
