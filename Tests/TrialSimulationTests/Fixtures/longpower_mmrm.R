# Generates longpower_mmrm.json: the analytic power of the MMRM treatment difference at the last
# visit under monotone MCAR dropout (Lu, Luo and Chen 2008, formula (3)), computed by R's
# longpower::power.mmrm, the reference for TrialSimulation's LuLuoChenPower.
#
# Run from the repository root:  Rscript Tests/TrialSimulationTests/Fixtures/longpower_mmrm.R
# longpower is not in Debian: installed from github.com/mcdonohue/longpower (version 1.0.27, R CMD
# INSTALL of its source) as the oracle; none of its code is committed.
#
# Each design: the correlation matrix R (both arms), the SD at the last visit, each arm's retention,
# the per-arm n (equal allocation, lambda = 1), the effect delta and alpha; power.mmrm(N = 2n, Ra = R,
# ra = control retention, sigmaa = SD, Rb = R, rb = treatment retention, delta, sig.level)$power,
# two-sided. Numbers as strings with sprintf("%.17g").
suppressPackageStartupMessages({ library(longpower); library(jsonlite) })
if (!file.exists("Package.swift")) stop("Run this script from the repository root")
num <- function(x) sprintf("%.17g", x)
exch <- function(t, rho) { m <- matrix(rho, t, t); diag(m) <- 1; m }
ar1 <- function(t, rho) rho^abs(outer(1:t, 1:t, "-"))
designs <- list(
  list(name = "exchangeable4", R = exch(4, 0.25), sd = 1, control = c(1, 0.9, 0.8, 0.7), treatment = c(1, 0.9, 0.8, 0.7), n = 87, delta = 0.5, alpha = 0.05),
  list(name = "ar1-5-unequal-dropout", R = ar1(5, 0.6), sd = 2.5, control = c(1, 0.95, 0.85, 0.75, 0.65), treatment = c(1, 0.97, 0.93, 0.9, 0.85), n = 60, delta = 1.2, alpha = 0.05),
  list(name = "us3", R = matrix(c(1, 0.6, 0.4, 0.6, 1, 0.7, 0.4, 0.7, 1), 3), sd = 2, control = c(1, 0.85, 0.8), treatment = c(1, 0.9, 0.85), n = 40, delta = 1.1, alpha = 0.05)
)
out <- lapply(designs, function(d) {
  p <- power.mmrm(N = 2 * d$n, Ra = d$R, ra = d$control, sigmaa = d$sd, Rb = d$R, rb = d$treatment, lambda = 1,
                  delta = d$delta, sig.level = d$alpha)
  list(name = d$name, correlation = lapply(seq_len(nrow(d$R)), function(i) d$R[i, ]), sd = d$sd, control = d$control,
       treatment = d$treatment, n = d$n, delta = d$delta, alpha = d$alpha, power = num(p$power))
})
writeLines(toJSON(list(generator = "Tests/TrialSimulationTests/Fixtures/longpower_mmrm.R", longpower = as.character(packageVersion("longpower")),
                       r_version = R.version.string, designs = out), auto_unbox = TRUE, pretty = TRUE, digits = NA),
           "Tests/TrialSimulationTests/Fixtures/longpower_mmrm.json")
