# Generates distributions.json, the reference values for DistributionsTests.
# Run from this folder:  Rscript distributions.R
# Every number is written with 17 significant digits as a string ("Inf", "-Inf" and "NaN"
# included), because JSON has no non-finite numbers and jsonlite rounds to 15 digits.
suppressPackageStartupMessages(library(jsonlite))

fmt <- function(v) sprintf("%.17g", v)
cases <- list()
add <- function(distribution, parameters, fun, x, value) {
  for (i in seq_along(x)) {
    cases[[length(cases) + 1]] <<- list(
      distribution = distribution,
      parameters = lapply(parameters, fmt),
      "function" = fun, x = fmt(x[i]), value = fmt(value[i]))
  }
}

# The six evaluation forms of a distribution with a density, and its quantiles.
# d(x, log), p(x, lower, log), q(p, lower, log) follow R's argument order.
evaluate <- function(name, parameters, d, p, q, x, probabilities, logProbabilities) {
  if (!is.null(d)) {
    add(name, parameters, "density", x, d(x, FALSE))
    add(name, parameters, "logDensity", x, d(x, TRUE))
  }
  add(name, parameters, "cdf", x, p(x, TRUE, FALSE))
  add(name, parameters, "ccdf", x, p(x, FALSE, FALSE))
  add(name, parameters, "logCDF", x, p(x, TRUE, TRUE))
  add(name, parameters, "logCCDF", x, p(x, FALSE, TRUE))
  add(name, parameters, "quantile", probabilities, q(probabilities, TRUE, FALSE))
  add(name, parameters, "upperQuantile", probabilities, q(probabilities, FALSE, FALSE))
  add(name, parameters, "logQuantile", logProbabilities, q(logProbabilities, TRUE, TRUE))
  add(name, parameters, "logUpperQuantile", logProbabilities, q(logProbabilities, FALSE, TRUE))
}

probabilities <- c(0, 1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-10, 1)
logProbabilities <- c(-1000, -700, -50, -2, -1e-5, -1e-20)

# Normal
for (pr in list(c(0, 1), c(5, 2), c(-3, 0.01))) {
  x <- c(-40, -37.5, -20, -8, -3, -1.96, -0.5, 0, 0.5, 1.96, 3, 8, 20, 37.5, 40) * pr[2] + pr[1]
  evaluate("normal", list(mean = pr[1], sd = pr[2]),
           function(x, lg) dnorm(x, pr[1], pr[2], log = lg),
           function(x, lo, lg) pnorm(x, pr[1], pr[2], lower.tail = lo, log.p = lg),
           function(p, lo, lg) qnorm(p, pr[1], pr[2], lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

# Student t (central), fractional and infinite df included
for (df in c(1, 2.5, 5, 17.3, 30, 1000, Inf)) {
  x <- c(-1e6, -100, -20, -5, -2.2, -1, 0, 0.7, 1.96, 3, 10, 50, 1e4)
  evaluate("t", list(df = df),
           function(x, lg) dt(x, df, log = lg),
           function(x, lo, lg) pt(x, df, lower.tail = lo, log.p = lg),
           function(p, lo, lg) qt(p, df, lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

# Noncentral t: df 2..200, noncentrality -10..10
for (df in c(2, 3.5, 5, 10, 30, 100, 200)) {
  for (ncp in c(-10, -5, -1.5, 0, 0.5, 2, 5, 10)) {
    x <- ncp + c(-6, -2, -0.5, 0, 0.5, 2, 6)
    evaluate("noncentralT", list(df = df, ncp = ncp),
             function(x, lg) dt(x, df, ncp, log = lg),
             function(x, lo, lg) pt(x, df, ncp, lower.tail = lo, log.p = lg),
             function(p, lo, lg) qt(p, df, ncp, lower.tail = lo, log.p = lg),
             x, c(0.005, 0.025, 0.1, 0.5, 0.9, 0.975, 0.995), c(-5, -0.05))
  }
}

# Chi-square
for (df in c(1, 3.5, 10, 100, 1000)) {
  x <- c(1e-10, 0.01, 0.1, 1, 5, 50, 500, 2000, 5000)
  evaluate("chisq", list(df = df),
           function(x, lg) dchisq(x, df, log = lg),
           function(x, lo, lg) pchisq(x, df, lower.tail = lo, log.p = lg),
           function(p, lo, lg) qchisq(p, df, lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

# F, with fractional (Kenward-Roger-like) and infinite denominator df
for (pr in list(c(1, 10), c(3, 27.3), c(10, 1000), c(2, 4.25), c(5, Inf))) {
  x <- c(1e-6, 0.01, 0.5, 1, 3, 10, 100, 1e4)
  evaluate("f", list(df1 = pr[1], df2 = pr[2]),
           function(x, lg) df(x, pr[1], pr[2], log = lg),
           function(x, lo, lg) pf(x, pr[1], pr[2], lower.tail = lo, log.p = lg),
           function(p, lo, lg) qf(p, pr[1], pr[2], lower.tail = lo, log.p = lg),
           x, probabilities[probabilities > 0 & probabilities < 1], logProbabilities)
}

# Studentized range (no density)
for (nmeans in c(2, 3, 5, 10)) {
  for (df in c(5, 20, 100)) {
    evaluate("tukey", list(nmeans = nmeans, df = df, nranges = 1), NULL,
             function(x, lo, lg) ptukey(x, nmeans, df, nranges = 1, lower.tail = lo, log.p = lg),
             function(p, lo, lg) qtukey(p, nmeans, df, nranges = 1, lower.tail = lo, log.p = lg),
             c(0.5, 2, 3.5, 6, 12), c(0.5, 0.9, 0.95, 0.99), c(-0.05))
  }
}

# Binomial
for (pr in list(c(10, 0.3), c(100, 0.01), c(1000, 0.5), c(25, 1))) {
  x <- unique(round(c(0, 1, 2, 0.1, 0.3, 0.5, 0.7, 0.9, 1) * pr[1]))
  evaluate("binomial", list(size = pr[1], prob = pr[2]),
           function(x, lg) dbinom(x, pr[1], pr[2], log = lg),
           function(x, lo, lg) pbinom(x, pr[1], pr[2], lower.tail = lo, log.p = lg),
           function(p, lo, lg) qbinom(p, pr[1], pr[2], lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

# Hypergeometric, R's (m, n, k)
for (pr in list(c(10, 7, 8), c(100, 200, 50), c(30, 30, 30))) {
  x <- unique(round(c(0, 0.2, 0.4, 0.5, 0.6, 0.8, 1) * pr[3]))
  evaluate("hypergeometric", list(m = pr[1], n = pr[2], k = pr[3]),
           function(x, lg) dhyper(x, pr[1], pr[2], pr[3], log = lg),
           function(x, lo, lg) phyper(x, pr[1], pr[2], pr[3], lower.tail = lo, log.p = lg),
           function(p, lo, lg) qhyper(p, pr[1], pr[2], pr[3], lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

# Wilcoxon rank sum, statistic W in 0..m*n
for (pr in list(c(5, 7), c(20, 25), c(49, 49))) {
  x <- unique(round(c(0, 0.05, 0.2, 0.4, 0.5, 0.7, 0.95, 1) * pr[1] * pr[2]))
  evaluate("wilcoxon", list(m = pr[1], n = pr[2]),
           function(x, lg) dwilcox(x, pr[1], pr[2], log = lg),
           function(x, lo, lg) pwilcox(x, pr[1], pr[2], lower.tail = lo, log.p = lg),
           function(p, lo, lg) qwilcox(p, pr[1], pr[2], lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

# Wilcoxon signed rank, statistic V in 0..n(n+1)/2
for (n in c(10, 30, 100)) {
  x <- unique(round(c(0, 0.05, 0.2, 0.4, 0.5, 0.7, 0.95, 1) * n * (n + 1) / 2))
  evaluate("signrank", list(n = n),
           function(x, lg) dsignrank(x, n, log = lg),
           function(x, lo, lg) psignrank(x, n, lower.tail = lo, log.p = lg),
           function(p, lo, lg) qsignrank(p, n, lower.tail = lo, log.p = lg),
           x, probabilities, logProbabilities)
}

fixture <- list(
  generator = "Tests/DistributionsTests/Fixtures/distributions.R",
  r_version = R.version.string,
  count = length(cases),
  cases = cases)
writeLines(toJSON(fixture, auto_unbox = TRUE, pretty = FALSE), "distributions.json")
cat("wrote", length(cases), "cases\n")
