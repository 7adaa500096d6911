# Generates mmrm_oracle.json: MMRM fits by the R package mmrm (v0.3.14, built from its public
# source, https://github.com/openpharma/mmrm) of mmrm's fev_data (FEV1 ~ ARMCD, the model of mmrm's
# design/ddfm_covtype SAS listings) and of Datasets/simulated-mmrm/mmrm-trial.csv
# (vas ~ vas_bl + arm * visit), for every covariance structure both packages have, with
# Satterthwaite df (asymptotic covariance), Kenward-Roger df with the linear adjusted
# covariance ("Kenward-Roger-Linear": invariant to how Σ is parametrized, so it is SAS's
# DDFM=KR(LINEAR) too) and with mmrm's own "Kenward-Roger" covariance (its second-order term is
# taken in mmrm's parameters θ of each structure, so it differs from SAS's DDFM=KR); and AIC, AICc
# and BIC. For the trial's us and cs fits also the
# Kenward-Roger-Linear marginal means of arm by visit and their pairwise contrasts (emmeans), and
# the F tests of vas_bl and of arm:visit (mmrm's df_md on their coefficients). The spatial
# exponential structure is fitted over the numeric time (VISITN, week); mmrm has no spatial
# Gaussian, so sp_gau is nlme::gls with corGaus (REML, tight tolerance): its criterion, estimates
# and model-based SEs.
# mmrm's default optimizer stops about 1e-6 short of the optimum; nlminb with rel.tol = 1e-14
# reaches it.
# Run from the repository root: Rscript Tests/MixedModelsTests/Fixtures/mmrm_oracle.R
suppressPackageStartupMessages({ library(mmrm); library(emmeans); library(nlme); library(jsonlite) })
fmt <- function(v) I(sprintf("%.17g", v))
trial <- read.csv("Datasets/simulated-mmrm/mmrm-trial.csv", stringsAsFactors = TRUE)
trial$arm <- relevel(trial$arm, ref = "dextrose")
data(fev_data, package = "mmrm")
datasets <- list(
  fev_data = list(data = fev_data, fixed = "FEV1 ~ ARMCD", time = "AVISIT", numericTime = "VISITN", subject = "USUBJID"),
  `mmrm-trial` = list(data = trial, fixed = "vas ~ vas_bl + arm * visit", time = "visit", numericTime = "week", subject = "subject")
)
structures <- c("us", "cs", "csh", "ar1", "ar1h", "toep", "toeph", "ad", "adh", "sp_exp")
time_of <- function(set, structure) if (startsWith(structure, "sp_")) set$numericTime else set$time
# The tightest relative tolerance nlminb accepts for the case (at 1e-14 it can report "singular
# convergence" when the criterion's rounding is reached first); recorded per case.
fit <- function(set, structure, method, vcov = NULL) {
  formula <- as.formula(sprintf("%s + %s(%s | %s)", set$fixed, structure, time_of(set, structure), set$subject))
  for (tolerance in c(1e-14, 1e-13, 1e-12, 1e-11, 1e-10)) {
    args <- list(formula = formula, data = set$data, reml = TRUE, method = method, optimizer = "nlminb",
                 optimizer_control = list(rel.tol = tolerance, eval.max = 10000, iter.max = 10000))
    if (!is.null(vcov)) args$vcov <- vcov
    result <- tryCatch(do.call(mmrm, args), error = function(e) NULL)
    if (!is.null(result)) { attr(result, "tolerance") <- tolerance; return(result) }
  }
  stop("no tolerance converged for ", structure)
}
coefficients <- function(f) {
  s <- summary(f)$coefficients
  list(terms = I(rownames(s)), estimate = fmt(s[, "Estimate"]), se = fmt(s[, "Std. Error"]), df = fmt(s[, "df"]))
}
cases <- list()
for (name in names(datasets)) {
  set <- datasets[[name]]
  for (structure in structures) {
    satterthwaite <- fit(set, structure, "Satterthwaite")
    linear <- fit(set, structure, "Kenward-Roger", "Kenward-Roger-Linear")
    kenward <- fit(set, structure, "Kenward-Roger", "Kenward-Roger")
    extra <- list()
    if (name == "mmrm-trial" && structure %in% c("us", "cs")) {
      means <- as.data.frame(emmeans(linear, ~ arm | visit))
      pairwise <- as.data.frame(pairs(emmeans(linear, ~ arm | visit), reverse = FALSE, adjust = "none"))
      terms <- names(coef(linear))
      ftest <- function(rows) {
        L <- diag(length(terms))[rows, , drop = FALSE]
        r <- df_md(linear, L)
        list(numeratorDF = r$num_df, denominatorDF = fmt(r$denom_df), F = fmt(r$f_stat))
      }
      extra <- list(marginalMeans = list(labels = I(paste(means$arm, means$visit, sep = " | ")), estimate = fmt(means$emmean),
                                         se = fmt(means$SE), df = fmt(means$df)),
                    pairwise = list(labels = I(paste(pairwise$contrast, pairwise$visit, sep = " | ")), estimate = fmt(pairwise$estimate),
                                    se = fmt(pairwise$SE), df = fmt(pairwise$df)),
                    tests = list(vas_bl = ftest(which(terms == "vas_bl")), `arm:visit` = ftest(grep(":", terms))))
    }
    cases[[length(cases) + 1]] <- c(list(
      data = name, structure = structure, formula = sprintf("%s + %s(%s | %s)", set$fixed, structure, time_of(set, structure), set$subject),
      converged = satterthwaite$opt_details$convergence == 0, relTol = attr(satterthwaite, "tolerance"),
      deviance = fmt(deviance(satterthwaite)), aic = fmt(AIC(satterthwaite)), aicc = fmt(AIC(satterthwaite, corrected = TRUE)),
      bic = fmt(BIC(satterthwaite)), subjects = component(satterthwaite, "n_subjects"),
      satterthwaite = coefficients(satterthwaite), kenwardRogerLinear = coefficients(linear),
      kenwardRoger = coefficients(kenward)), extra)
  }
}
# SAS's SP(EXP)(VISITN VISITN2) of the design/ddfm_covtype listings: two coordinates, a visit per
# combination seen.
set <- datasets[["fev_data"]]
planar <- list(data = "fev_data", structure = "sp_exp", formula = "FEV1 ~ ARMCD + sp_exp(VISITN, VISITN2 | USUBJID)")
fits <- lapply(list(c("Satterthwaite", NA), c("Kenward-Roger", "Kenward-Roger-Linear"), c("Kenward-Roger", "Kenward-Roger")), function(m) {
  for (tolerance in c(1e-14, 1e-13, 1e-12, 1e-11, 1e-10)) {
    args <- list(formula = as.formula(planar$formula), data = set$data, reml = TRUE, method = m[1], optimizer = "nlminb",
                 optimizer_control = list(rel.tol = tolerance, eval.max = 10000, iter.max = 10000))
    if (!is.na(m[2])) args$vcov <- m[2]
    result <- tryCatch(do.call(mmrm, args), error = function(e) NULL)
    if (!is.null(result)) { attr(result, "tolerance") <- tolerance; return(result) }
  }
  stop("no tolerance converged for the planar sp_exp")
})
cases[[length(cases) + 1]] <- c(planar, list(
  converged = fits[[1]]$opt_details$convergence == 0, relTol = attr(fits[[1]], "tolerance"),
  deviance = fmt(deviance(fits[[1]])), aic = fmt(AIC(fits[[1]])), aicc = fmt(AIC(fits[[1]], corrected = TRUE)), bic = fmt(BIC(fits[[1]])),
  subjects = component(fits[[1]], "n_subjects"), satterthwaite = coefficients(fits[[1]]), kenwardRogerLinear = coefficients(fits[[2]]),
  kenwardRoger = coefficients(fits[[3]])))
gaussian <- list()
for (name in names(datasets)) {
  set <- datasets[[name]]
  d <- set$data[!is.na(set$data[[all.vars(as.formula(set$fixed))[1]]]), ]
  g <- gls(as.formula(set$fixed), data = d, method = "REML", control = glsControl(tolerance = 1e-12, msTol = 1e-14, maxIter = 1000),
           correlation = corGaus(form = as.formula(sprintf("~ %s | %s", set$numericTime, set$subject))))
  gaussian[[length(gaussian) + 1]] <- list(
    data = name, formula = sprintf("%s + sp_gau(%s | %s)", set$fixed, set$numericTime, set$subject),
    criterion = fmt(-2 * as.numeric(logLik(g))), terms = I(names(coef(g))), estimate = fmt(coef(g)), se = fmt(sqrt(diag(vcov(g)))),
    sigma = fmt(sigma(g)), range = fmt(coef(g$modelStruct$corStruct, unconstrained = FALSE)))
}
# The p.adjust family on the trial's pairwise contrasts of arm within visit (Satterthwaite, us).
adjusted <- list()
satterthwaite_us <- fit(datasets[["mmrm-trial"]], "us", "Satterthwaite")
for (method in c("holm", "hochberg", "hommel", "BH", "BY")) {
  s <- summary(pairs(emmeans(satterthwaite_us, ~ arm | visit), reverse = FALSE, adjust = method), infer = c(TRUE, TRUE))
  adjusted[[method]] <- list(labels = I(paste(s$contrast, s$visit, sep = " | ")), p = fmt(s$p.value), lower = fmt(s$lower.CL),
                             upper = fmt(s$upper.CL))
}
out <- list(generator = "Tests/MixedModelsTests/Fixtures/mmrm_oracle.R", r_version = R.version.string,
            mmrm = as.character(packageVersion("mmrm")), nlme = as.character(packageVersion("nlme")), cases = cases,
            spatialGaussian = gaussian, adjustedContrasts = adjusted)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE), "Tests/MixedModelsTests/Fixtures/mmrm_oracle.json")
