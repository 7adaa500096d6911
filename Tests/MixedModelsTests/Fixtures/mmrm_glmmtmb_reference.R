# Generates mmrm_glmmtmb_reference.json: MMRM fits of Datasets/simulated-mmrm/mmrm-trial.csv by
# glmmTMB, a second reference beside nlme::gls (mmrm_reference.R) for the structures glmmTMB has.
# Run from this folder:  Rscript mmrm_glmmtmb_reference.R
#
# glmmTMB writes an MMRM as a random-effects term with the residual switched off:
#   vas ~ vas_bl + arm * visit + us(0 + visit | subject), dispformula = ~ 0, REML = TRUE,
# and its names map to TrialStats' (and mmrm's) as: us → us; cs → csh (glmmTMB's compound symmetry
# has a variance per visit); ar1 → ar1 (one variance); toep → toeph (a variance per visit).
#
# `dispformula = ~ 0` does not quite remove the residual: it fixes its SD at 2^-13, a nugget of
# 1.5e-8 on Σ's diagonal, and Σ below is the term's covariance plus it. The nugget makes glmmTMB's
# model a slightly different one. For us and ar1 that moves Σ by under 1e-6; for csh and toeph it
# moves Σ by up to 3e-4 relative (logLik by 4e-8), because their likelihoods are flat along the
# direction the nugget opens. Checked by fixing the residual's log-variance smaller through `map`
# instead: with betad = −15 glmmTMB's csh SDs come within 5e-7 of gls's; much smaller nuggets make
# glmmTMB's inner optimization fail ("NaN at starting parameter values") or noisy.
#
# glmmTMB's nlminb stops short of the optimum here (it warns "false convergence"), about 1e-5 away
# in Σ, too far for a 1e-6 comparison. So each fit is polished on glmmTMB's own objective (the TMB
# Laplace/REML function, `fit$obj$fn` and its gradient `fit$obj$gr`): nlminb at tight tolerances
# from glmmTMB's estimate, then Newton steps with the Hessian from differences of the gradient.
# `gradientBefore` and `gradientAfter` are the largest absolute gradient entries before and after.
suppressPackageStartupMessages({ library(glmmTMB); library(jsonlite) })
fmt <- function(v) I(sprintf("%.17g", v))
scalar <- function(v) sprintf("%.17g", v)
data_path <- "Datasets/simulated-mmrm/mmrm-trial.csv"
d <- read.csv(file.path("../../..", data_path), stringsAsFactors = TRUE)

describe <- function(glmmtmb_structure, structure) {
  formula <- as.formula(sprintf("vas ~ vas_bl + arm * visit + %s(0 + visit | subject)", glmmtmb_structure))
  fit <- suppressWarnings(glmmTMB(formula, dispformula = ~ 0, data = d, REML = TRUE))
  obj <- fit$obj
  par <- fit$fit$par
  before <- max(abs(obj$gr(par)))
  par <- nlminb(par, obj$fn, obj$gr, control = list(rel.tol = 1e-15, x.tol = 1e-15, eval.max = 10000, iter.max = 10000))$par
  for (i in 1:20) {
    g <- drop(obj$gr(par))
    H <- optimHess(par, obj$fn, obj$gr)
    step <- solve(H, g)
    par <- par - step
    if (max(abs(step)) < 1e-12) break
  }
  objective <- obj$fn(par)
  after <- max(abs(obj$gr(par)))
  report <- obj$report(obj$env$last.par.best)
  sds <- report$sd[[1]]; correlation <- report$corr[[1]]
  sigma <- diag(sds) %*% correlation %*% diag(sds) + diag(sigma(fit)^2, length(sds))
  everything <- obj$env$last.par.best
  beta <- everything[names(everything) == "beta"]
  list(name = sprintf("glmmTMB %s", glmmtmb_structure), glmmTMBStructure = glmmtmb_structure, structure = structure,
       data = data_path, formula = "vas ~ vas_bl + arm * visit", REML = TRUE,
       convergenceCode = fit$fit$convergence, gradientBefore = scalar(before), gradientAfter = scalar(after),
       residualSD = scalar(sigma(fit)), logLik = scalar(-objective), glmmTMBLogLik = scalar(as.numeric(logLik(fit))),
       fixed = I(colnames(model.matrix(fit))), beta = fmt(beta), visits = I(levels(d$visit)), covariance = fmt(as.vector(sigma)))
}

cases <- list(describe("us", "us"), describe("cs", "csh"), describe("ar1", "ar1"), describe("toep", "toeph"))
out <- list(generator = "Tests/MixedModelsTests/Fixtures/mmrm_glmmtmb_reference.R", r_version = R.version.string,
            glmmTMB = as.character(packageVersion("glmmTMB")), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = FALSE, digits = NA), "mmrm_glmmtmb_reference.json")
for (case in cases) cat(sprintf("%-14s -> %-6s gradient %s -> %s  logLik %s (glmmTMB's own %s)\n", case$name, case$structure,
                                case$gradientBefore, case$gradientAfter, case$logLik, case$glmmTMBLogLik))
