# Generates lmm_reference.json: lme4, lmerTest and pbkrtest fits of the data in Datasets/.
# Run from this folder:  Rscript lmm_reference.R
#
# lme4's default stopping rule (nloptwrap, ftol_abs = 1e-8) leaves θ uncertain in about the
# 4th digit, too loose for a 1e-6 comparison. So every model is fitted with tight tolerances,
# θ is then polished by Newton steps on lme4's own deviance function (numDeriv gradient and
# Hessian; components on their bound stay there), and lmer() is run once more at the
# polished θ. `optimumAgreement` is the largest relative change the polish
# made to θ; `independentAgreement` compares with minqa's BOBYQA started elsewhere.
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(pbkrtest); library(emmeans); library(jsonlite) })
# I() keeps a vector of one as a JSON array; numbers are written to 17 digits.
fmt <- function(v) I(sprintf("%.17g", v))
array <- function(v) I(as.character(v))
scalar <- function(v) sprintf("%.17g", v)
root <- "../../.."
tight <- lmerControl(optimizer = "nloptwrap",
                     optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-15, xtol_rel = 0, ftol_rel = 0, maxeval = 1e5))
check <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.1, rhoend = 1e-12, maxfun = 1e5))

read <- function(path) read.csv(file.path(root, path), stringsAsFactors = TRUE)

coefficient_table <- function(m, ddf) {
  s <- summary(m, ddf = ddf)$coefficients
  list(term = array(rownames(s)), estimate = fmt(s[, "Estimate"]), se = fmt(s[, "Std. Error"]), df = fmt(s[, "df"]),
       t = fmt(s[, "t value"]), p = fmt(s[, "Pr(>|t|)"]))
}

anova_table <- function(m, ddf) {
  a <- anova(m, type = 3, ddf = ddf)
  if (nrow(a) == 0) return(NULL)
  list(term = array(rownames(a)), F = fmt(a[["F value"]]), numeratorDF = fmt(a[["NumDF"]]), denominatorDF = fmt(a[["DenDF"]]),
       p = fmt(a[["Pr(>F)"]]))
}

polish <- function(devfun, theta, lower) {
  free <- !(lower == 0 & theta < 1e-6)
  if (!any(free)) return(theta)
  for (step in 1:8) {
    f <- function(x) { t <- theta; t[free] <- x; devfun(t) }
    change <- solve(numDeriv::hessian(f, theta[free]), numDeriv::grad(f, theta[free]))
    theta[free] <- theta[free] - change
    if (max(abs(change)) < 1e-13) break
  }
  theta
}

relative_difference <- function(a, b) max(abs(a - b) / pmax(abs(a), 1e-3))

describe <- function(name, path, formula, REML = TRUE) {
  data <- read(path)
  loose <- lmer(as.formula(formula), data = data, REML = REML, control = tight)
  parsed <- lFormula(as.formula(formula), data = data, REML = REML)
  devfun <- do.call(mkLmerDevfun, parsed)
  theta <- polish(devfun, getME(loose, "theta"), getME(loose, "lower"))
  # lmerTest needs a fit made by lmer(), so the polished θ is given as the start and the
  # optimizer is allowed a single evaluation, which leaves θ where it is.
  fit <- suppressWarnings(lmer(as.formula(formula), data = data, REML = REML, start = list(theta = theta),
                               control = lmerControl(optimizer = "nloptwrap", calc.derivs = FALSE,
                                                     optCtrl = list(maxeval = 1))))
  stopifnot(relative_difference(theta, getME(fit, "theta")) < 1e-14)
  other <- lmer(as.formula(formula), data = data, REML = REML, control = check,
                start = list(theta = theta * 0.7 + 0.05 * (getME(loose, "lower") == 0)))
  agreement <- relative_difference(theta, getME(loose, "theta"))
  independent <- relative_difference(theta, getME(other, "theta"))
  vc <- as.data.frame(VarCorr(fit))
  variances <- vc[is.na(vc$var2), ]
  correlations <- vc[!is.na(vc$var2), ]
  re <- ranef(fit, condVar = TRUE)
  modes <- lapply(names(re), function(g) {
    frame <- re[[g]]
    variances <- attr(frame, "postVar")
    # One k×k×levels array for a single term; a list of 1×1×levels arrays, one per effect,
    # when `||` made a term per effect.
    layout <- if (is.list(variances)) "perEffect" else "blocks"
    if (is.list(variances)) variances <- unlist(lapply(variances, as.vector))
    list(group = g, levels = array(rownames(frame)), effects = array(names(frame)), values = fmt(as.vector(as.matrix(frame))),
         conditionalVarianceLayout = layout, conditionalVariances = fmt(as.vector(variances)))
  })
  m <- as_lmerModLmerTest(fit)
  v <- vcov(fit)
  result <- list(
    name = name, data = path, formula = formula, REML = REML,
    theta = fmt(getME(fit, "theta")), thetaNames = array(names(getME(fit, "theta"))), lower = fmt(getME(fit, "lower")),
    optimumAgreement = scalar(agreement), independentAgreement = scalar(independent),
    fixed = array(names(fixef(fit))), beta = fmt(fixef(fit)), se = fmt(sqrt(diag(as.matrix(v)))), vcov = fmt(as.vector(as.matrix(v))),
    sigma = scalar(sigma(fit)),
    random = list(group = array(variances$grp), term = array(ifelse(is.na(variances$var1), "", variances$var1)),
                  variance = fmt(variances$vcov), sd = fmt(variances$sdcor)),
    correlations = if (nrow(correlations)) list(group = array(correlations$grp), term1 = array(correlations$var1),
                                                term2 = array(correlations$var2), correlation = fmt(correlations$sdcor)) else NULL,
    objective = scalar(if (REML) REMLcrit(fit) else deviance(fit)),
    deviance = scalar(deviance(fit, REML = FALSE)),
    logLik = scalar(as.numeric(logLik(fit))), df = attr(logLik(fit), "df"), AIC = scalar(AIC(fit)), BIC = scalar(BIC(fit)),
    nobs = nobs(fit), groups = as.list(ngrps(fit)), singular = isSingular(fit),
    fitted = fmt(fitted(fit)), residuals = fmt(residuals(fit)),
    conditionalModes = modes,
    # lme4's convergence check at its own (unpolished) optimum.
    derivatives = list(gradient = fmt(loose@optinfo$derivs$gradient), hessian = fmt(as.vector(loose@optinfo$derivs$Hessian))),
    convergenceMessages = array(unlist(loose@optinfo$conv$lme4$messages)),
    satterthwaite = coefficient_table(m, "Satterthwaite"),
    satterthwaiteAnova = anova_table(m, "Satterthwaite")
  )
  if (REML) {
    result$kenwardRoger <- coefficient_table(m, "Kenward-Roger")
    result$kenwardRogerAnova <- anova_table(m, "Kenward-Roger")
  }
  result
}

cases <- list(
  describe("sleepstudy", "Datasets/lme4-examples/sleepstudy.csv", "Reaction ~ Days + (Days | Subject)"),
  describe("sleepstudy ML", "Datasets/lme4-examples/sleepstudy.csv", "Reaction ~ Days + (Days | Subject)", REML = FALSE),
  describe("sleepstudy uncorrelated", "Datasets/lme4-examples/sleepstudy.csv", "Reaction ~ Days + (Days || Subject)"),
  describe("Dyestuff", "Datasets/lme4-examples/Dyestuff.csv", "Yield ~ 1 + (1 | Batch)"),
  describe("Dyestuff ML", "Datasets/lme4-examples/Dyestuff.csv", "Yield ~ 1 + (1 | Batch)", REML = FALSE),
  describe("Dyestuff2 (singular)", "Datasets/lme4-examples/Dyestuff2.csv", "Yield ~ 1 + (1 | Batch)"),
  describe("Penicillin (crossed)", "Datasets/lme4-examples/Penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)"),
  describe("Pastes (nested)", "Datasets/lme4-examples/Pastes.csv", "strength ~ 1 + (1 | batch/cask)"),
  describe("three-arm trial", "Datasets/simulated-three-arm/three-arm-trial.csv", "vas ~ arm * week + (1 + week | subject)"),
  describe("three-arm trial, visits as a factor", "Datasets/simulated-three-arm/three-arm-trial.csv",
           "vas ~ arm * factor(week) + (1 | subject)"),
  # One fixed term: lmerTest's anova() uses its type I (Doolittle) hypothesis rows then.
  describe("three-arm trial, one fixed term", "Datasets/simulated-three-arm/three-arm-trial.csv",
           "vas ~ factor(week) + (1 | subject) + (0 + week | subject)"),
  describe("three-arm trial, arm only", "Datasets/simulated-three-arm/three-arm-trial.csv", "vas ~ arm + (1 | subject)"),
  # A vector term after the first (subjects nested in 6 made-up sites) and an empty cell (no
  # triamcinolone at week 12 in site 6's data is not needed: the cell below is dropped instead).
  describe("three-arm trial, site slopes", "Datasets/simulated-three-arm/three-arm-trial-sites.csv",
           "vas ~ arm * week + (1 | subject) + (1 + week | site)"),
  describe("three-arm trial, an empty cell", "Datasets/simulated-three-arm/three-arm-trial-sites.csv",
           "vas ~ arm * factor(visit_block) + (1 | subject)"),
  describe("three-arm trial ML", "Datasets/simulated-three-arm/three-arm-trial.csv", "vas ~ arm * week + (1 + week | subject)",
           REML = FALSE)
)
# Likelihood-ratio tests: lme4's anova() refits REML fits by ML (refit = TRUE, its default).
compare <- function(name, path, reduced, full) {
  data <- read(path)
  small <- lmer(as.formula(reduced), data = data, REML = TRUE, control = tight)
  large <- lmer(as.formula(full), data = data, REML = TRUE, control = tight)
  a <- suppressMessages(anova(small, large))
  list(name = name, data = path, reduced = reduced, full = full,
       npar = a$npar, AIC = fmt(a$AIC), BIC = fmt(a$BIC), logLik = fmt(a$logLik), deviance = fmt(a$deviance),
       chisq = scalar(a$Chisq[2]), df = a$Df[2], p = scalar(a[["Pr(>Chisq)"]][2]))
}
likelihood_ratio <- list(
  compare("sleepstudy: random slope", "Datasets/lme4-examples/sleepstudy.csv",
          "Reaction ~ Days + (1 | Subject)", "Reaction ~ Days + (Days | Subject)"),
  compare("three-arm trial: arm by week interaction", "Datasets/simulated-three-arm/three-arm-trial.csv",
          "vas ~ arm + week + (1 + week | subject)", "vas ~ arm * week + (1 + week | subject)")
)

# Estimated marginal means and contrasts (emmeans) of polished lmer fits, by Kenward-Roger and
# by Satterthwaite df.
marginal <- function(name, path, formula, specs, by = NULL) {
  data <- read(path)
  loose <- lmer(as.formula(formula), data = data, control = tight)
  parsed <- lFormula(as.formula(formula), data = data)
  theta <- polish(do.call(mkLmerDevfun, parsed), getME(loose, "theta"), getME(loose, "lower"))
  fit <- suppressWarnings(lmer(as.formula(formula), data = data, start = list(theta = theta),
                               control = lmerControl(optimizer = "nloptwrap", calc.derivs = FALSE, optCtrl = list(maxeval = 1))))
  spec <- if (is.null(by)) as.formula(paste("~", specs)) else as.formula(paste("~", specs, "|", by))
  table_of <- function(x, adjust) {
    f <- as.data.frame(summary(x, infer = c(TRUE, TRUE), adjust = adjust))
    estimate_column <- intersect(c("emmean", "estimate"), names(f))[1]
    list(labels = array(do.call(paste, c(f[, setdiff(names(f), c(estimate_column, "SE", "df", "lower.CL", "upper.CL",
                                                                   "t.ratio", "p.value")), drop = FALSE], sep = " | "))),
         estimate = fmt(f[[estimate_column]]), se = fmt(f$SE), df = fmt(f$df), lower = fmt(f$lower.CL), upper = fmt(f$upper.CL),
         t = fmt(f$t.ratio), p = fmt(f$p.value))
  }
  modes <- list()
  for (mode in c("kenward-roger", "satterthwaite")) {
    emm <- emmeans(fit, spec, lmer.df = mode)
    modes[[mode]] <- list(means = table_of(emm, "none"),
                          pairwise = table_of(contrast(emm, "pairwise"), "none"),
                          pairwiseTukey = table_of(contrast(emm, "pairwise"), "tukey"),
                          pairwiseHolm = table_of(contrast(emm, "pairwise"), "holm"),
                          control = table_of(contrast(emm, "trt.vs.ctrl", ref = "saline"), "none"))
  }
  list(name = name, data = path, formula = formula, specs = specs, by = by, kenwardRoger = modes[["kenward-roger"]],
       satterthwaite = modes[["satterthwaite"]])
}
marginal_means <- list(
  marginal("three-arm trial, arm by visit", "Datasets/simulated-three-arm/three-arm-trial.csv",
           "vas ~ arm * factor(week) + (1 | subject)", "arm", "week"),
  marginal("three-arm trial, arm at the mean week", "Datasets/simulated-three-arm/three-arm-trial.csv",
           "vas ~ arm * week + (1 + week | subject)", "arm")
)

out <- list(generator = "Tests/MixedModelsTests/Fixtures/lmm_reference.R", r_version = R.version.string,
            packages = list(lme4 = as.character(packageVersion("lme4")), lmerTest = as.character(packageVersion("lmerTest")),
                            pbkrtest = as.character(packageVersion("pbkrtest")), emmeans = as.character(packageVersion("emmeans"))),
            cases = cases, likelihoodRatio = likelihood_ratio, marginalMeans = marginal_means)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = FALSE, null = "null", digits = NA), "lmm_reference.json")
for (case in cases) cat(sprintf("%-28s polish %-24s independent %-24s singular %s\n", case$name, case$optimumAgreement,
                                case$independentAgreement, case$singular))
