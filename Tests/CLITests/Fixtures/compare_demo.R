# Generates compare_demo.json: what `trialstats compare` must print for the demo trial, from R.
#   trialstats compare Datasets/demo-trial/demo-trial-long.csv --outcome vas --at visit=12 \
#     --treatment dextrose --control saline --covariate age [--change]
# Run from this folder:  Rscript compare_demo.R
suppressPackageStartupMessages({ library(jsonlite); library(effectsize) })
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
  cd <- cohens_d(x, y); hg <- hedges_g(x, y)
  n1 <- length(x); n2 <- length(y); df <- n1 + n2 - 2; h <- 1 / n1 + 1 / n2
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  mw <- suppressWarnings(wilcox.test(x, y, conf.int = TRUE))
  list(welch = fmt(c(unname(welch$estimate[1] - welch$estimate[2]), welch$conf.int, welch$p.value)),
       ancova = fmt(c(cf[1], ci, cf[4])),
       d = fmt(c(cd$Cohens_d, exact_ci(cd$Cohens_d, h, df))), g = fmt(c(hg$Hedges_g, exact_ci(hg$Hedges_g, h, df, J))),
       shift = fmt(c(unname(mw$estimate), mw$conf.int, mw$p.value)),
       means = fmt(c(mean(x), sd(x), mean(y), sd(y))), n = c(length(x), length(y)))
}
writeLines(toJSON(list(generator = "Tests/CLITests/Fixtures/compare_demo.R", r_version = R.version.string,
                       value = one("vas"), change = one("change")), auto_unbox = TRUE), "compare_demo.json")
cat("wrote compare_demo.json\n")
