# Generates metafor_reference.json: reference numbers for the MetaAnalysis module from metafor.
# Run from this folder:  Rscript metafor_reference.R
# Every number is written with 17 significant digits as a string ("NA" for R's NA).
#
# Settings that differ from metafor's defaults, and why:
#   - rma(control = list(threshold = 1e-14, maxiter = 10000, tol = 1e-14)): metafor stops its REML
#     iterations when tau^2 changes by less than 1e-5 and its Paule-Mandel root search at
#     .Machine$double.eps^0.25; TrialStats iterates to convergence, so R is asked to as well.
#   - confint(..., control = list(tol = 1e-14)): the Q-profile limits are uniroot roots, which
#     metafor by default finds only to about 1e-4; and tau2.max = 1e6, because metafor's default
#     search bound, 10 times the estimate, cuts the DerSimonian-Laird upper limit of
#     dat.normand1999's MD at 2054 where the root is 2889.
# Data sets: dat.bcg and dat.normand1999 (package metadat), and the five pre-post-control studies
# of Morris (2008, Table 2; Carlson and Schmidt 1999), which this metadat version lacks; they are
# typed in below as metafor's own morris2008 analysis example prints them.
suppressPackageStartupMessages({ library(metafor); library(jsonlite) })
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
tight <- list(threshold = 1e-14, maxiter = 10000, tol = 1e-14)

# One fitted model: the pooled estimate, its test and interval, heterogeneity, the prediction
# interval and, for random effects, the Q-profile intervals of tau^2, I^2 and H^2.
model <- function(yi, vi, method, test = "z") {
  fit <- rma(yi, vi, method = method, test = test, control = tight)
  pred <- predict(fit)
  out <- list(method = method, test = test, estimate = fmt(fit$beta[1]), se = fmt(fit$se),
              ci = fmt(c(fit$ci.lb, fit$ci.ub)), statistic = fmt(fit$zval), p = fmt(fit$pval),
              tau2 = fmt(fit$tau2), se_tau2 = fmt(fit$se.tau2), Q = fmt(fit$QE), Q_p = fmt(fit$QEp),
              I2 = fmt(fit$I2), H2 = fmt(fit$H2), pi = fmt(c(pred$pi.lb, pred$pi.ub)))
  if (method != "FE") {
    ci <- confint(fit, control = list(tol = 1e-14, maxiter = 10000, tau2.max = 1e6))$random
    out$tau2_ci <- fmt(ci["tau^2", 2:3]); out$I2_ci <- fmt(ci["I^2(%)", 2:3]); out$H2_ci <- fmt(ci["H^2", 2:3])
  }
  out
}
models <- function(yi, vi) {
  list(model(yi, vi, "FE"), model(yi, vi, "DL"), model(yi, vi, "REML"), model(yi, vi, "PM"),
       model(yi, vi, "DL", "knha"), model(yi, vi, "REML", "knha"), model(yi, vi, "PM", "knha"))
}
effects <- function(es) list(yi = fmt(as.numeric(es$yi)), vi = fmt(as.numeric(es$vi)))

# --- dat.bcg: BCG vaccine and tuberculosis, 13 trials (2x2 counts) ---
bcg <- dat.bcg
rr <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = bcg)
or <- escalc(measure = "OR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = bcg)
rd <- escalc(measure = "RD", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = bcg)

loo <- function(method) {
  l <- leave1out(rma(rr$yi, rr$vi, method = method, control = tight))
  list(method = method, estimate = fmt(l$estimate), se = fmt(l$se), ci_lb = fmt(l$ci.lb), ci_ub = fmt(l$ci.ub),
       Q = fmt(l$Q), Q_p = fmt(l$Qp), tau2 = fmt(l$tau2), I2 = fmt(l$I2), H2 = fmt(l$H2))
}

# Subgroups by allocation: a separate model per subgroup, then two tests of the difference.
# fixed_between: the fixed-effects moderator test (rma with mods, method "FE"): QM, df, p.
# separate_between: Q of the subgroup estimates pooled by inverse variance (each subgroup with its
# own tau^2, DerSimonian-Laird), i.e. rma(estimates, se^2, method = "FE")$QE.
subgroups <- function(method) {
  levels <- sort(unique(bcg$alloc))
  per <- lapply(levels, function(g) {
    s <- bcg$alloc == g
    f <- rma(rr$yi[s], rr$vi[s], method = method, control = tight)
    list(level = g, k = f$k, estimate = fmt(f$beta[1]), se = fmt(f$se), tau2 = fmt(f$tau2), Q = fmt(f$QE))
  })
  est <- sapply(levels, function(g) rma(rr$yi[bcg$alloc == g], rr$vi[bcg$alloc == g], method = method, control = tight)$beta[1])
  se <- sapply(levels, function(g) rma(rr$yi[bcg$alloc == g], rr$vi[bcg$alloc == g], method = method, control = tight)$se)
  between <- rma(est, sei = se, method = "FE")
  list(method = method, groups = per, Q_between = fmt(between$QE), df = length(levels) - 1, p = fmt(between$QEp))
}
fe_mod <- rma(rr$yi, rr$vi, mods = ~ factor(alloc), method = "FE", data = bcg)

mh <- function(measure) {
  f <- rma.mh(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = bcg, measure = measure)
  list(measure = measure, estimate = fmt(f$beta[1]), se = fmt(f$se), ci = fmt(c(f$ci.lb, f$ci.ub)),
       statistic = fmt(f$zval), p = fmt(f$pval), Q = fmt(f$QE), Q_p = fmt(f$QEp), I2 = fmt(f$I2), H2 = fmt(f$H2))
}
peto <- rma.peto(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = bcg)

# --- zero cells: escalc's default adds 1/2 to every cell of a study with a zero cell only ---
zero <- data.frame(ai = c(0, 3, 5, 2), bi = c(20, 17, 15, 30), ci = c(4, 0, 6, 2), di = c(16, 22, 14, 30))
zero_effect <- function(measure) {
  es <- escalc(measure = measure, ai = ai, bi = bi, ci = ci, di = di, data = zero)
  c(list(measure = measure), effects(es))
}

# --- double-zero and all-events tables: rma.mh and rma.peto (drop00 = TRUE by default) keep them
# in the pooled estimate but leave them out of Q, its df (k.yi - 1), I^2 and H^2; with fewer than
# two tables left, QE = 0, QEp = 1, I2 = 0, H2 = 1. Set 1 has one table with no events; set 2 one
# with no events and one with only events, leaving a single table for Q. Peto's per-study log OR
# (escalc "PETO", defaults: 1/2 added to each cell of a table with a zero cell) on set 1 and on
# the zero-cell studies above.
double_zero <- list(data.frame(study = c("A", "B", "C"), ai = c(2, 1, 0), bi = c(18, 29, 25), ci = c(6, 4, 0), di = c(14, 26, 25)),
                    data.frame(study = c("A", "C", "D"), ai = c(2, 0, 10), bi = c(18, 25, 0), ci = c(6, 0, 12), di = c(14, 25, 0)))
pooled <- function(f, measure) {
  list(measure = measure, estimate = fmt(f$beta[1]), se = fmt(f$se), ci = fmt(c(f$ci.lb, f$ci.ub)), statistic = fmt(f$zval),
       p = fmt(f$pval), Q = fmt(f$QE), df = f$k.yi - 1, Q_p = fmt(f$QEp), I2 = fmt(f$I2), H2 = fmt(f$H2))
}
double_zero_set <- function(d) {
  fits <- lapply(c("OR", "RR", "RD"), function(m)
    pooled(suppressWarnings(rma.mh(ai = ai, bi = bi, ci = ci, di = di, data = d, measure = m)), m))
  list(study = d$study, ai = d$ai, bi = d$bi, ci = d$ci, di = d$di, mantel_haenszel = fits,
       peto = pooled(suppressWarnings(rma.peto(ai = ai, bi = bi, ci = ci, di = di, data = d)), "OR"))
}
peto_effects <- function(d) effects(escalc(measure = "PETO", ai = ai, bi = bi, ci = ci, di = di, data = d))

# --- dat.normand1999: stroke care, length of stay, 9 studies (means and SDs) ---
nd <- dat.normand1999
md <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = nd)
smd <- escalc(measure = "SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = nd)

# --- Morris (2008) pre-post-control: standardized mean change per arm (raw-score, "SMCR"), then
# the treatment minus control difference with summed variances, as metafor's morris2008 example.
# Also d_ppc2 (Morris 2008 eq. 8 and 25) written out from the paper, with rho = each study's r.
mT <- data.frame(m_pre = c(30.6, 23.5, 0.5, 53.4, 35.6), m_post = c(38.5, 26.8, 0.7, 75.9, 36.0),
                 sd_pre = c(15.0, 3.1, 0.1, 14.5, 4.7), sd_post = c(11.6, 4.1, 0.1, 4.4, 4.6),
                 ni = c(20, 50, 9, 10, 14), ri = c(.47, .64, .77, .89, .44))
mC <- data.frame(m_pre = c(23.1, 24.9, 0.6, 55.7, 34.8), m_post = c(19.7, 25.3, 0.6, 60.7, 33.4),
                 sd_pre = c(13.8, 4.1, 0.2, 17.3, 3.1), sd_post = c(14.8, 3.3, 0.2, 17.9, 6.9),
                 ni = c(20, 42, 9, 11, 14), ri = c(.47, .64, .77, .89, .44))
smcrT <- escalc(measure = "SMCR", m1i = m_post, m2i = m_pre, sd1i = sd_pre, ni = ni, ri = ri, data = mT)
smcrC <- escalc(measure = "SMCR", m1i = m_post, m2i = m_pre, sd1i = sd_pre, ni = ni, ri = ri, data = mC)
ppc_yi <- smcrT$yi - smcrC$yi; ppc_vi <- smcrT$vi + smcrC$vi
nT <- mT$ni; nC <- mC$ni
sdpre <- sqrt(((nT - 1) * mT$sd_pre^2 + (nC - 1) * mC$sd_pre^2) / (nT + nC - 2))
cp <- 1 - 3 / (4 * (nT + nC - 2) - 1)
dppc2 <- cp * ((mT$m_post - mT$m_pre) - (mC$m_post - mC$m_pre)) / sdpre
kk <- (nT + nC) / (nT * nC)
rho <- mT$ri
vppc2 <- 2 * cp^2 * (1 - rho) * kk * ((nT + nC - 2) / (nT + nC - 4)) * (1 + dppc2^2 / (2 * (1 - rho) * kk)) - dppc2^2

out <- list(
  metafor_version = as.character(packageVersion("metafor")),
  bcg = list(
    author = bcg$author, year = bcg$year, alloc = bcg$alloc,
    ai = bcg$tpos, bi = bcg$tneg, ci = bcg$cpos, di = bcg$cneg,
    rr = effects(rr), or = effects(or), rd = effects(rd),
    models = models(as.numeric(rr$yi), as.numeric(rr$vi)),
    leave1out = list(loo("FE"), loo("DL"), loo("REML")),
    subgroups = list(subgroups("DL"), subgroups("REML")),
    fixed_between = list(Q = fmt(fe_mod$QM), df = fe_mod$m, p = fmt(fe_mod$QMp)),
    mantel_haenszel = list(mh("OR"), mh("RR"), mh("RD")),
    peto = list(estimate = fmt(peto$beta[1]), se = fmt(peto$se), ci = fmt(c(peto$ci.lb, peto$ci.ub)),
                statistic = fmt(peto$zval), p = fmt(peto$pval), Q = fmt(peto$QE), Q_p = fmt(peto$QEp),
                I2 = fmt(peto$I2), H2 = fmt(peto$H2))
  ),
  zero_cells = list(ai = zero$ai, bi = zero$bi, ci = zero$ci, di = zero$di,
                    effects = list(zero_effect("RR"), zero_effect("OR"), zero_effect("RD")), peto = peto_effects(zero)),
  double_zero = list(sets = lapply(double_zero, double_zero_set), peto_effects = peto_effects(double_zero[[1]])),
  normand = list(
    source = nd$source, m1i = nd$m1i, sd1i = nd$sd1i, n1i = nd$n1i, m2i = nd$m2i, sd2i = nd$sd2i, n2i = nd$n2i,
    md = c(effects(md), list(models = models(as.numeric(md$yi), as.numeric(md$vi)))),
    smd = c(effects(smd), list(models = models(as.numeric(smd$yi), as.numeric(smd$vi))))
  ),
  morris = list(
    treatment = lapply(mT, identity), control = lapply(mC, identity),
    smcr_treatment = effects(smcrT), smcr_control = effects(smcrC),
    difference = list(yi = fmt(ppc_yi), vi = fmt(ppc_vi), models = models(ppc_yi, ppc_vi)),
    dppc2 = list(yi = fmt(dppc2), vi = fmt(vppc2))
  )
)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE, digits = NA), "metafor_reference.json")
