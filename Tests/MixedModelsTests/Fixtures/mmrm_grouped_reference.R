# Generates mmrm_grouped_reference.json: the MMRM with a covariance per arm,
#   vas ~ vas_bl + arm * visit + us(visit | arm / subject)
# (mmrm's group-specific covariance; SAS's REPEATED / TYPE=UN GROUP=arm), on
# Datasets/simulated-mmrm/mmrm-trial.csv. No reference package fits this model (gls's varIdent
# can give each arm its own variances but not its own correlations), so the REML criterion is
# written out here: Σ_g unstructured per arm g, β shared,
#   −2 log L_R = Σᵢ log|Σ_{g(i)}[Vᵢ, Vᵢ]| + r'Σ⁻¹r + log|X'Σ⁻¹X| + (n − p) log 2π,
# the same function as mmrm_reference.R's criterion with Σ chosen by the subject's arm. It is
# optimized by nlminb from the pooled unstructured fit in each arm and polished by Newton steps
# (numDeriv gradient and Hessian) in the log-Cholesky parameters of the three Σ_g.
# Run from this folder:  Rscript mmrm_grouped_reference.R
suppressPackageStartupMessages({ library(nlme); library(numDeriv); library(jsonlite) })
fmt <- function(v) I(sprintf("%.17g", v))
scalar <- function(v) sprintf("%.17g", v)
data_path <- "Datasets/simulated-mmrm/mmrm-trial.csv"
d <- read.csv(file.path("../../..", data_path), stringsAsFactors = TRUE)
d$visit_index <- as.integer(d$visit)
T <- nlevels(d$visit); arms <- levels(d$arm); G <- length(arms)
subjects <- split(seq_len(nrow(d)), d$subject)
arm_of <- sapply(subjects, function(rows) as.integer(d$arm[rows[1]]))
X <- model.matrix(~ vas_bl + arm * visit, d); y <- d$vas; p <- ncol(X); n <- nrow(X)

unpack <- function(th) { L <- matrix(0, T, T); L[lower.tri(L, diag = TRUE)] <- th; diag(L) <- exp(diag(L)); L %*% t(L) }
pack <- function(S) { L <- t(chol(S)); diag(L) <- log(diag(L)); L[lower.tri(L, diag = TRUE)] }
per <- T * (T + 1) / 2
sigmas <- function(th) lapply(seq_len(G), function(g) unpack(th[(g - 1) * per + seq_len(per)]))
pieces <- function(th) {
  S <- sigmas(th); XtVX <- matrix(0, p, p); XtVy <- rep(0, p); logdet <- 0; yVy <- 0
  for (i in seq_along(subjects)) {
    rows <- subjects[[i]]; v <- d$visit_index[rows]; Si <- S[[arm_of[i]]][v, v, drop = FALSE]
    inverse <- solve(Si); Xi <- X[rows, , drop = FALSE]
    XtVX <- XtVX + t(Xi) %*% inverse %*% Xi; XtVy <- XtVy + t(Xi) %*% inverse %*% y[rows]
    yVy <- yVy + sum(y[rows] * (inverse %*% y[rows])); logdet <- logdet + as.numeric(determinant(Si)$modulus)
  }
  list(XtVX = XtVX, XtVy = XtVy, logdet = logdet, yVy = yVy)
}
criterion <- function(th) {
  q <- pieces(th); b <- solve(q$XtVX, q$XtVy)
  q$logdet + q$yVy - sum(q$XtVy * b) + as.numeric(determinant(q$XtVX)$modulus) + (n - p) * log(2 * pi)
}

pooled <- gls(vas ~ vas_bl + arm * visit, data = d, method = "REML", correlation = corSymm(form = ~ visit_index | subject),
              weights = varIdent(form = ~ 1 | visit))
complete <- names(which(table(d$subject) == T))[1]
start <- rep(pack(as.matrix(getVarCov(pooled, individual = complete))), G)
th <- nlminb(start, criterion, control = list(rel.tol = 1e-14, x.tol = 1e-12, iter.max = 2000, eval.max = 20000))$par
for (i in 1:6) {
  step <- solve(numDeriv::hessian(criterion, th), numDeriv::grad(criterion, th))
  th <- th - step
  cat("Newton step", i, "largest", max(abs(step)), "\n")
  if (max(abs(step)) < 1e-10) break
}
q <- pieces(th); covariance <- solve(q$XtVX); beta <- drop(covariance %*% q$XtVy)
gradient <- max(abs(numDeriv::grad(criterion, th)))
out <- list(generator = "Tests/MixedModelsTests/Fixtures/mmrm_grouped_reference.R", r_version = R.version.string,
            data = data_path, formula = "vas ~ vas_bl + arm * visit + us(visit | arm / subject)", REML = TRUE,
            gradient = scalar(gradient), logLik = scalar(-criterion(th) / 2), parameters = length(th) + p,
            fixed = I(colnames(X)), beta = fmt(beta), se = fmt(sqrt(diag(covariance))), visits = I(levels(d$visit)),
            groups = I(arms), covariances = lapply(sigmas(th), function(S) fmt(as.vector(S))))
writeLines(toJSON(out, auto_unbox = TRUE, pretty = FALSE, digits = NA), "mmrm_grouped_reference.json")
cat("logLik", out$logLik, "gradient", out$gradient, "\n")
