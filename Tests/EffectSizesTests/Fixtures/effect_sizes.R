# Generates effect_sizes.json: standardized effects and their intervals on small test groups
# (ties, unequal n, n = 2 per group, missing values), with the inputs embedded.
# Run from this folder:  Rscript effect_sizes.R
# Reference values:
#   - estimates and intervals from effectsize (0.8.3): cohens_d, hedges_g, glass_delta,
#     cohens_d(paired = TRUE) for d_z and one-sample cohens_d for the SRM;
#   - "exact" intervals: the same noncentral-t formulas as effectsize (h and df per measure),
#     solved with uniroot(tol = 1e-14) instead of effectsize's Nelder-Mead, which stops ~1e-7 short;
#   - d_av, d_rm (Morris & DeShon 2002) and d_ppc2 with its variance (Morris 2008, eq. 8 and 25),
#     written out from the papers' formulas.
suppressPackageStartupMessages({ library(jsonlite); library(effectsize) })
fmt <- function(v) sprintf("%.17g", v)
trial <- read.csv("../../LinearModelsTests/Fixtures/small_trial.csv")
arm <- function(a, v) trial[[v]][trial$arm == a]

exact_ci <- function(est, h, df, J = 1) {
  t <- est / J / sqrt(h)
  f <- function(ncp, p) pt(t, df, ncp) - p
  lo <- uniroot(f, c(t - 50, t + 50), p = 0.975, tol = 1e-14)$root
  hi <- uniroot(f, c(t - 50, t + 50), p = 0.025, tol = 1e-14)$root
  c(lo, hi) * sqrt(h) * J
}

two_group <- function(name, x, y) {
  xx <- x[!is.na(x)]; yy <- y[!is.na(y)]
  n1 <- length(xx); n2 <- length(yy); df <- n1 + n2 - 2
  d <- cohens_d(xx, yy); g <- hedges_g(xx, yy); gd <- glass_delta(xx, yy)
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  h <- 1 / n1 + 1 / n2
  hd <- 1 / n2 + var(xx) / (n1 * var(yy))
  list(name = name, treatment = fmt(x), control = fmt(y),
       d = fmt(c(d$Cohens_d, d$CI_low, d$CI_high)), d_exact = fmt(exact_ci(d$Cohens_d, h, df)),
       g = fmt(c(g$Hedges_g, g$CI_low, g$CI_high)), g_exact = fmt(exact_ci(g$Hedges_g, h, df, J)),
       delta = fmt(c(gd$Glass_delta, gd$CI_low, gd$CI_high)), delta_exact = fmt(exact_ci(gd$Glass_delta, hd, n2 - 1)))
}

paired <- function(name, before, after) {
  ok <- !is.na(before) & !is.na(after)
  b <- before[ok]; a <- after[ok]; n <- length(a)
  dz <- cohens_d(a, b, paired = TRUE)
  srm <- cohens_d(a - b)
  s1 <- sd(b); s2 <- sd(a); r <- cor(b, a)
  dav <- (mean(a) - mean(b)) / ((s1 + s2) / 2)
  drm <- (mean(a) - mean(b)) / sqrt(s1^2 + s2^2 - 2 * r * s1 * s2) * sqrt(2 * (1 - r))
  list(name = name, before = fmt(before), after = fmt(after),
       dz = fmt(c(dz$Cohens_d, dz$CI_low, dz$CI_high)), dz_exact = fmt(exact_ci(dz$Cohens_d, 1 / n, n - 1)),
       srm = fmt(c(srm$Cohens_d, srm$CI_low, srm$CI_high)), srm_exact = fmt(exact_ci(srm$Cohens_d, 1 / n, n - 1)),
       dav = fmt(dav), drm = fmt(drm))
}

morris <- function(name, preT, postT, preC, postC) {
  okT <- !is.na(preT) & !is.na(postT); okC <- !is.na(preC) & !is.na(postC)
  a <- preT[okT]; b <- postT[okT]; c0 <- preC[okC]; d0 <- postC[okC]
  nT <- length(a); nC <- length(c0)
  sdpre <- sqrt(((nT - 1) * var(a) + (nC - 1) * var(c0)) / (nT + nC - 2))
  cp <- 1 - 3 / (4 * (nT + nC - 2) - 1)
  dppc2 <- cp * ((mean(b) - mean(a)) - (mean(d0) - mean(c0))) / sdpre
  rho <- ((nT - 1) * cor(a, b) + (nC - 1) * cor(c0, d0)) / (nT + nC - 2)
  k <- (nT + nC) / (nT * nC)
  v <- 2 * cp^2 * (1 - rho) * k * ((nT + nC - 2) / (nT + nC - 4)) * (1 + dppc2^2 / (2 * (1 - rho) * k)) - dppc2^2
  list(name = name, treatment_before = fmt(preT), treatment_after = fmt(postT), control_before = fmt(preC),
       control_after = fmt(postC), dppc2 = fmt(dppc2), variance = fmt(v),
       ci = fmt(dppc2 + c(-1, 1) * qnorm(0.975) * sqrt(v)))
}

fixture <- list(
  generator = "Tests/EffectSizesTests/Fixtures/effect_sizes.R", r_version = R.version.string,
  effectsize_version = as.character(packageVersion("effectsize")),
  two_group = list(
    two_group("dextrose vs saline, VAS week 12 (missing values, unequal n)", arm("dextrose", "vas_w12"), arm("saline", "vas_w12")),
    two_group("triamcinolone vs saline, VAS week 12", arm("triamcinolone", "vas_w12"), arm("saline", "vas_w12")),
    two_group("two per group", c(3, 5), c(6, 6.5)),
    two_group("ties", c(2, 2, 3, 3, 3, 4), c(3, 3, 4, 4, 5, 5, 5)),
    two_group("large effect", c(1, 2, 2, 3, 1, 2), c(7, 8, 9, 8, 7, 9, 8))),
  paired = list(
    paired("dextrose, week 0 to 12", arm("dextrose", "vas_w0"), arm("dextrose", "vas_w12")),
    paired("all subjects, week 0 to 12", trial$vas_w0, trial$vas_w12)),
  morris = list(
    morris("dextrose vs saline", arm("dextrose", "vas_w0"), arm("dextrose", "vas_w12"), arm("saline", "vas_w0"), arm("saline", "vas_w12"))))
writeLines(toJSON(fixture, auto_unbox = TRUE), "effect_sizes.json")
cat("wrote effect_sizes.json\n")
