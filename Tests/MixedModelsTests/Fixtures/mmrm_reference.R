# Generates mmrm_reference.json: MMRM fits of Datasets/simulated-mmrm/mmrm-trial.csv by
# nlme::gls, the reference for TrialStats' repeated-measures models.
# Run from this folder:  Rscript mmrm_reference.R
#
# Structures as gls writes them: us = corSymm + varIdent, cs = corCompSymm, csh = corCompSymm +
# varIdent, ar1 = corAR1, ar1h = corAR1 + varIdent (lags by visit position), toep = corARMA(p =
# T − 1), toeph = corARMA + varIdent. gls has no ante-dependence structure: for ad and adh the
# criterion below is the only reference (optimized by nlminb from the us fit, then polished), and
# β, Var(β̂) and logLik are computed from it directly. The same holds for toep and toeph after
# the polish: gls fits them (its −2 logLik equals the criterion at its estimate, `criterionCheck`),
# but corARMA cannot be rerun with fixed parameters there (it requires every AR coefficient,
# not just every partial autocorrelation, below 1 in absolute value).
#
# gls stops about 1e-5 from the optimum (nlminb and optim's BFGS disagree by that much), too far
# for a 1e-6 comparison. So each fit is polished: Newton steps (numDeriv gradient and Hessian)
# on the REML or ML criterion written out below, in the structure's own parameters, starting
# at gls's estimate; then gls is run once more with the covariance parameters fixed at the
# polished optimum, and that run's numbers are recorded. `criterionCheck` is the difference
# between gls's −2 logLik and the criterion below at gls's own estimate (it is 0: they are the
# same function), and `polishChange` the largest relative change polishing made to Σ.
suppressPackageStartupMessages({ library(nlme); library(numDeriv); library(emmeans); library(pbkrtest); library(lme4)
                                  library(lmerTest); library(Matrix); library(clubSandwich); library(jsonlite) })
fmt <- function(v) I(sprintf("%.17g", v))
scalar <- function(v) sprintf("%.17g", v)
array <- function(v) I(as.character(v))
data_path <- "Datasets/simulated-mmrm/mmrm-trial.csv"
d <- read.csv(file.path("../../..", data_path), stringsAsFactors = TRUE)
d$visit_index <- as.integer(d$visit)
d$inverse_weight <- 1 / d$weight
T <- nlevels(d$visit)
complete <- names(which(table(d$subject) == T))[1]
subjects <- split(seq_len(nrow(d)), d$subject)
tight <- glsControl(tolerance = 1e-12, msTol = 1e-14, maxIter = 1000, msMaxIter = 1000)

# A subject's covariance: Σ at its visits, scaled by its weights as mmrm scales it (W^{-1/2} Σ W^{-1/2})
# when the case is weighted (`weighted` is set per case below).
weighted <- FALSE
subject_sigma <- function(Sigma, rows) {
  v <- d$visit_index[rows]; S <- Sigma[v, v, drop = FALSE]
  if (weighted) { s <- 1 / sqrt(d$weight[rows]); S <- S * outer(s, s) }
  S
}

# Σ from a gls fit: getVarCov of a subject seen at every visit, with its weights taken out.
visit_covariance <- function(fit) {
  S <- as.matrix(getVarCov(fit, individual = complete))
  if (weighted) { s <- sqrt(d$weight[subjects[[complete]]]); S <- S * outer(s, s) }
  S
}

criterion <- function(Sigma, X, y, REML) {
  p <- ncol(X); n <- nrow(X)
  XtVX <- matrix(0, p, p); XtVy <- rep(0, p); logdet <- 0; yVy <- 0
  for (rows in subjects) {
    S <- subject_sigma(Sigma, rows); Si <- solve(S)
    Xi <- X[rows, , drop = FALSE]; yi <- y[rows]
    XtVX <- XtVX + t(Xi) %*% Si %*% Xi; XtVy <- XtVy + t(Xi) %*% Si %*% yi; yVy <- yVy + sum(yi * (Si %*% yi))
    logdet <- logdet + as.numeric(determinant(S)$modulus)
  }
  b <- solve(XtVX, XtVy); q <- yVy - sum(XtVy * b)
  if (REML) logdet + q + as.numeric(determinant(XtVX)$modulus) + (n - p) * log(2 * pi) else logdet + q + n * log(2 * pi)
}

# Partial autocorrelations to lag correlations (Durbin-Levinson) and back; the mean correlation
# per lag of a correlation matrix; ante-dependence correlations from consecutive ones.
pacf_to_acf <- function(phi) {
  rho <- 1; a <- numeric(0)
  for (k in seq_along(phi)) {
    a <- if (k == 1) phi[1] else c(a - phi[k] * rev(a), phi[k])
    rho <- c(rho, sum(a * rev(rho)))
  }
  rho
}
acf_to_pacf <- function(rho) {
  # Levinson recursion on ρ_1 … ρ_{T−1}.
  phi <- numeric(length(rho)); a <- numeric(0)
  for (k in seq_along(rho)) {
    value <- if (k == 1) rho[1] else (rho[k] - sum(a * rho[(k - 1):1])) / (1 - sum(a * rho[1:(k - 1)]))
    a <- if (k == 1) value else c(a - value * rev(a), value)
    phi[k] <- value
  }
  phi
}
# AR(T − 1) coefficients with the given lag correlations: corARMA's `value`.
acf_to_ar <- function(rho) {  # kept for reference: corARMA's `value` is AR coefficients
  a <- numeric(0)
  for (k in seq_along(rho)) {
    value <- if (k == 1) rho[1] else (rho[k] - sum(a * rho[(k - 1):1])) / (1 - sum(a * rho[1:(k - 1)]))
    a <- if (k == 1) value else c(a - value * rev(a), value)
  }
  a
}
toeplitz_mean <- function(R) sapply(1:(T - 1), function(lag) mean(R[cbind(1:(T - lag), (1 + lag):T)]))
antedependence <- function(rho) outer(1:T, 1:T, Vectorize(function(i, j) if (i == j) 1 else prod(rho[min(i, j):(max(i, j) - 1)])))
consecutive <- function(R) R[cbind(1:(T - 1), 2:T)]

# Each structure's Σ from unconstrained parameters, and back (a start from gls's Σ).
lag <- abs(outer(1:T, 1:T, "-"))
shapes <- list(
  us = list(
    unpack = function(th) { L <- matrix(0, T, T); L[lower.tri(L, diag = TRUE)] <- th; diag(L) <- exp(diag(L)); L %*% t(L) },
    pack = function(S) { L <- t(chol(S)); diag(L) <- log(diag(L)); L[lower.tri(L, diag = TRUE)] },
    gls = list(correlation = function(S) corSymm(value = cov2cor(S)[lower.tri(S)], form = ~ visit_index | subject, fixed = TRUE),
               variance = TRUE)),
  cs = list(
    unpack = function(th) exp(2 * th[1]) * ((1 - tanh(th[2])) * diag(T) + tanh(th[2])),
    pack = function(S) c(log(mean(sqrt(diag(S)))), atanh(mean(cov2cor(S)[lower.tri(S)]))),
    gls = list(correlation = function(S) corCompSymm(value = cov2cor(S)[2, 1], form = ~ visit_index | subject, fixed = TRUE),
               variance = FALSE)),
  csh = list(
    unpack = function(th) { s <- exp(th[1:T]); r <- tanh(th[T + 1]); diag(s) %*% ((1 - r) * diag(T) + r) %*% diag(s) },
    pack = function(S) c(log(sqrt(diag(S))), atanh(mean(cov2cor(S)[lower.tri(S)]))),
    gls = list(correlation = function(S) corCompSymm(value = cov2cor(S)[2, 1], form = ~ visit_index | subject, fixed = TRUE),
               variance = TRUE)),
  ar1 = list(
    unpack = function(th) exp(2 * th[1]) * tanh(th[2])^lag,
    pack = function(S) c(log(mean(sqrt(diag(S)))), atanh(cov2cor(S)[2, 1])),
    gls = list(correlation = function(S) corAR1(value = cov2cor(S)[2, 1], form = ~ visit_index | subject, fixed = TRUE),
               variance = FALSE)),
  ar1h = list(
    unpack = function(th) { s <- exp(th[1:T]); diag(s) %*% (tanh(th[T + 1])^lag) %*% diag(s) },
    pack = function(S) c(log(sqrt(diag(S))), atanh(cov2cor(S)[2, 1])),
    gls = list(correlation = function(S) corAR1(value = cov2cor(S)[2, 1], form = ~ visit_index | subject, fixed = TRUE),
               variance = TRUE)),
  toep = list(
    unpack = function(th) exp(2 * th[1]) * toeplitz(pacf_to_acf(tanh(th[-1]))),
    pack = function(S) c(log(mean(sqrt(diag(S)))), atanh(acf_to_pacf(toeplitz_mean(cov2cor(S))))),
    gls = NULL, free = TRUE),
  toeph = list(
    unpack = function(th) { s <- exp(th[1:T]); diag(s) %*% toeplitz(pacf_to_acf(tanh(th[-(1:T)]))) %*% diag(s) },
    pack = function(S) c(log(sqrt(diag(S))), atanh(acf_to_pacf(toeplitz_mean(cov2cor(S))))),
    gls = NULL, free = TRUE),
  ad = list(
    unpack = function(th) exp(2 * th[1]) * antedependence(tanh(th[-1])),
    pack = function(S) c(log(mean(sqrt(diag(S)))), atanh(consecutive(cov2cor(S)))), gls = NULL),
  adh = list(
    unpack = function(th) { s <- exp(th[1:T]); diag(s) %*% antedependence(tanh(th[-(1:T)])) %*% diag(s) },
    pack = function(S) c(log(sqrt(diag(S))), atanh(consecutive(cov2cor(S)))), gls = NULL)
)
free_arguments <- function(structure) {
  correlation <- switch(structure, us = corSymm(form = ~ visit_index | subject), cs = , csh = corCompSymm(form = ~ visit_index | subject),
                        ar1 = , ar1h = corAR1(form = ~ visit_index | subject),
                        toep = , toeph = corARMA(p = T - 1, q = 0, form = ~ visit_index | subject))
  arguments <- if (structure %in% c("us", "csh", "ar1h", "toeph")) list(correlation = correlation, weights = varIdent(form = ~ 1 | visit))
  else list(correlation = correlation)
  with_weights(arguments)
}
# Case weights w as gls writes them: variance ∝ 1/w (varFixed), combined with any varIdent.
with_weights <- function(arguments) {
  if (!weighted) return(arguments)
  arguments$weights <- if (is.null(arguments$weights)) varFixed(~ inverse_weight) else varComb(arguments$weights, varFixed(~ inverse_weight))
  arguments
}
fixed_arguments <- function(structure, S) {
  shape <- shapes[[structure]]$gls
  arguments <- list(correlation = shape$correlation(S))
  if (shape$variance) {
    ratios <- sqrt(diag(S))[-1] / sqrt(diag(S))[1]
    names(ratios) <- levels(d$visit)[-1]
    arguments$weights <- varIdent(form = ~ 1 | visit, fixed = ratios)
  }
  with_weights(arguments)
}

# Kenward-Roger by pbkrtest's own routines (vcovAdj_internal, Lb_ddf, .KR_adjust), fed Σ̂ and the
# derivative matrices G of a covariance that is linear in its parameters: for us the entries of
# Σ (SAS's UN), for cs the common covariance and the extra variance (Σ = σ₁J + σ₂I). pbkrtest
# itself only takes lmer fits; its routines take any V = Σ σᵢGᵢ.
kenward_roger <- function(structure, sigma, fit, X) {
  visit <- d$visit_index
  block <- function(f) {
    m <- Matrix(0, nrow(d), nrow(d), sparse = TRUE)
    for (rows in subjects) m[rows, rows] <- f(visit[rows])
    m
  }
  if (structure == "us") {
    pairs <- which(lower.tri(sigma, diag = TRUE), arr.ind = TRUE)
    G <- lapply(seq_len(nrow(pairs)), function(k) {
      a <- pairs[k, 1]; b <- pairs[k, 2]
      E <- matrix(0, T, T); E[a, b] <- 1; E[b, a] <- 1
      block(function(v) E[v, v, drop = FALSE])
    })
  } else {
    G <- list(block(function(v) matrix(1, length(v), length(v))), Diagonal(nrow(d)))
  }
  V <- block(function(v) sigma[v, v, drop = FALSE])
  Phi <- as.matrix(vcov(fit))
  PhiA <- pbkrtest:::vcovAdj_internal(Phi, list(Sigma = V, G = G, n.ggamma = length(G)), X)
  list(Phi = Phi, PhiA = PhiA)
}

# lmerTest's type III hypotheses depend on X only; an lmer fit with the same fixed part gives them.
type3 <- function(formula) {
  auxiliary <- suppressMessages(lmer(as.formula(paste(formula, "+ (1 | subject)")), data = d))
  lmerTest:::get_contrasts_type3(auxiliary)
}

describe <- function(name, formula, structure, REML = TRUE, weights = FALSE) {
  weighted <<- weights
  method <- if (REML) "REML" else "ML"
  X <- model.matrix(as.formula(formula), d); y <- d[[all.vars(as.formula(formula))[1]]]
  shape <- shapes[[structure]]
  objective <- function(th) criterion(shape$unpack(th), X, y, REML)
  if (is.null(shape$gls) && is.null(shape$free)) {
    # No gls structure: start from the unstructured fit and optimize the criterion itself.
    free <- do.call(gls, c(list(model = as.formula(formula), data = d, method = method, control = tight), free_arguments("us")))
    start_sigma <- visit_covariance(free)
    th <- nlminb(shape$pack(start_sigma), objective, control = list(rel.tol = 1e-14, x.tol = 1e-12, iter.max = 1000, eval.max = 5000))$par
    start_sigma <- shape$unpack(th)
    check <- NA
  } else {
    free <- do.call(gls, c(list(model = as.formula(formula), data = d, method = method, control = tight), free_arguments(structure)))
    start_sigma <- visit_covariance(free)
    th <- shape$pack(start_sigma)
    check <- objective(th) - (-2 * as.numeric(logLik(free)))
  }
  for (i in 1:8) {
    step <- solve(numDeriv::hessian(objective, th), numDeriv::grad(objective, th))
    th <- th - step
    if (max(abs(step)) < 1e-11) break
  }
  sigma <- shape$unpack(th)
  if (is.null(shape$gls)) {
    # β, Var(β̂) and logLik straight from the criterion's pieces at the polished Σ.
    p <- ncol(X); XtVX <- matrix(0, p, p); XtVy <- rep(0, p)
    for (rows in subjects) {
      Si <- solve(subject_sigma(sigma, rows))
      XtVX <- XtVX + t(X[rows, , drop = FALSE]) %*% Si %*% X[rows, , drop = FALSE]
      XtVy <- XtVy + t(X[rows, , drop = FALSE]) %*% Si %*% y[rows]
    }
    covariance <- solve(XtVX); beta <- drop(covariance %*% XtVy); names(beta) <- colnames(X)
    return(list(name = name, data = data_path, formula = formula, structure = structure, REML = REML, weights = if (weighted) "weight" else "",
                criterionCheck = if (is.na(check)) "NA" else scalar(check), polishChange = scalar(max(abs(sigma - start_sigma) / abs(sigma))), fixedRunAgreement = "NA",
                logLik = scalar(-objective(th) / 2), glsLogLik = "NA", parameters = length(th) + ncol(X),
                AIC = scalar(objective(th) + 2 * (length(th) + ncol(X))),
                fixed = array(colnames(X)), beta = fmt(beta), se = fmt(sqrt(diag(covariance))), vcov = fmt(as.vector(covariance)),
                visits = array(levels(d$visit)), covariance = fmt(as.vector(sigma)), nobs = nrow(d), subjects = length(subjects)))
  }
  fit <- do.call(gls, c(list(model = as.formula(formula), data = d, method = method), fixed_arguments(structure, sigma)))
  recorded <- visit_covariance(fit)
  result <- list(name = name, data = data_path, formula = formula, structure = structure, REML = REML, weights = if (weighted) "weight" else "",
       criterionCheck = if (is.na(check)) "NA" else scalar(check),
       polishChange = scalar(max(abs(sigma - start_sigma) / abs(sigma))),
       fixedRunAgreement = scalar(max(abs(recorded - sigma) / abs(sigma))),
       logLik = scalar(as.numeric(logLik(fit))), glsLogLik = scalar(as.numeric(logLik(free))),
       parameters = length(th) + ncol(X), AIC = scalar(-2 * as.numeric(logLik(fit)) + 2 * (length(th) + ncol(X))),
       fixed = array(names(coef(fit))), beta = fmt(coef(fit)), se = fmt(sqrt(diag(vcov(fit)))),
       vcov = fmt(as.vector(vcov(fit))), visits = array(levels(d$visit)), covariance = fmt(as.vector(recorded)),
       nobs = nobs(fit), subjects = length(subjects))
  # Empirical (sandwich) covariances of β̂ by clubSandwich, clustered by subject, with gls's own
  # working covariance at the polished optimum.
  fit$call$data <- quote(d)  # do.call put the data frame itself in the call; clubSandwich looks it up by name
  result$sandwichCR0 <- fmt(as.vector(as.matrix(vcovCR(fit, cluster = d$subject, type = "CR0"))))
  result$sandwichCR2 <- fmt(as.vector(as.matrix(vcovCR(fit, cluster = d$subject, type = "CR2"))))
  if (REML) {
    # Estimated marginal means (emmeans on the polished fit) and Satterthwaite df for them,
    # lmerTest's recipe on the criterion above: A = 2H⁻¹ over the polished parameters (numDeriv
    # Hessian), gⱼ = l'(∂Var(β̂)/∂θⱼ)l (numDeriv Jacobian), df = 2(l'Var(β̂)l)²/(g'Ag). emmeans' own
    # Satterthwaite for gls falls back to an approximate kludge for corSymm + varIdent, and the
    # df do not depend on how Σ is parametrized.
    spec <- ~ arm | visit
    emm <- emmeans(fit, spec, mode = "df.error")
    pairs_fixed <- contrast(emm, "pairwise")
    covariance_of <- function(th) {
      Sigma <- shape$unpack(th); p <- ncol(X); XtVX <- matrix(0, p, p)
      for (rows in subjects) XtVX <- XtVX + t(X[rows, , drop = FALSE]) %*% solve(subject_sigma(Sigma, rows), X[rows, , drop = FALSE])
      solve(XtVX)
    }
    A <- 2 * solve(numDeriv::hessian(objective, th))
    J <- numDeriv::jacobian(function(t) as.vector(covariance_of(t)), th)
    satterthwaite_df <- function(l) {
      C <- covariance_of(th); v <- sum(l * (C %*% l))
      g <- apply(J, 2, function(column) { Jj <- matrix(column, ncol(X)); sum(l * (Jj %*% l)) })
      2 * v^2 / sum(g * (A %*% g))
    }
    kr <- if (structure %in% c("us", "cs") && !weighted) kenward_roger(structure, sigma, fit, X) else NULL
    table <- function(x) {
      f <- as.data.frame(summary(x, adjust = "none"))
      estimate <- intersect(c("emmean", "estimate"), names(f))[1]
      labels <- do.call(paste, c(f[, setdiff(names(f), c(estimate, "SE", "df", "lower.CL", "upper.CL", "t.ratio", "p.value")),
                                   drop = FALSE], sep = " | "))
      out <- list(labels = array(labels), estimate = fmt(f[[estimate]]), se = fmt(f$SE),
                  satterthwaiteDF = fmt(apply(x@linfct, 1, satterthwaite_df)))
      if (!is.null(kr)) {
        out$kenwardRogerDF <- fmt(apply(x@linfct, 1, function(l) Lb_ddf(matrix(l, nrow = 1), kr$Phi, kr$PhiA)))
        out$kenwardRogerSE <- fmt(apply(x@linfct, 1, function(l) sqrt(sum(l * (as.matrix(kr$PhiA) %*% l)))))
      }
      out
    }
    result$means <- table(emm)
    result$pairwise <- table(pairs_fixed)
    result$coefficientSatterthwaiteDF <- fmt(sapply(seq_len(ncol(X)), function(j) { l <- rep(0, ncol(X)); l[j] <- 1; satterthwaite_df(l) }))
    if (!is.null(kr)) {
      L3 <- type3(formula)
      tests <- lapply(names(L3), function(term) {
        L <- L3[[term]]
        a <- pbkrtest:::.KR_adjust(kr$PhiA, kr$Phi, L, matrix(coef(fit)), matrix(0, ncol(X)))
        list(term = term, F = scalar(a$Fstat), numeratorDF = nrow(L), denominatorDF = scalar(a$ddf), scaling = scalar(a$F.scaling))
      })
      result$kenwardRoger <- list(
        coefficientDF = fmt(sapply(seq_len(ncol(X)), function(j) { l <- matrix(0, 1, ncol(X)); l[j] <- 1; Lb_ddf(l, kr$Phi, kr$PhiA) })),
        adjustedSE = fmt(sqrt(diag(as.matrix(kr$PhiA)))),
        typeIII = tests)
    }
  }
  result
}

formula <- "vas ~ vas_bl + arm * visit"
cases <- list(
  describe("unstructured", formula, "us"),
  describe("unstructured ML", formula, "us", REML = FALSE),
  describe("compound symmetry", formula, "cs"),
  describe("heterogeneous compound symmetry", formula, "csh"),
  describe("AR(1)", formula, "ar1"),
  describe("heterogeneous AR(1)", formula, "ar1h"),
  describe("Toeplitz", formula, "toep"),
  describe("heterogeneous Toeplitz", formula, "toeph"),
  describe("ante-dependence", formula, "ad"),
  describe("heterogeneous ante-dependence", formula, "adh"),
  describe("weighted unstructured", formula, "us", weights = TRUE),
  describe("weighted compound symmetry ML", formula, "cs", REML = FALSE, weights = TRUE)
)
out <- list(generator = "Tests/MixedModelsTests/Fixtures/mmrm_reference.R", r_version = R.version.string,
            nlme = as.character(packageVersion("nlme")), clubSandwich = as.character(packageVersion("clubSandwich")), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = FALSE, digits = NA), "mmrm_reference.json")
for (case in cases) cat(sprintf("%-34s check %-24s polish %-24s fixed run %-24s logLik %s\n", case$name,
                                case$criterionCheck, case$polishChange, case$fixedRunAgreement, case$logLik))
