# Generates linear_models.json: R's lm() on small_trial.csv and small_trial_long.csv.
# Run from this folder:  Rscript linear_models.R
suppressPackageStartupMessages(library(jsonlite))
fmt <- function(v) sprintf("%.17g", v)
wide <- read.csv("small_trial.csv", stringsAsFactors = TRUE)
long <- read.csv("small_trial_long.csv", stringsAsFactors = TRUE)

# Type III Wald F for each term: coefficients of the term jointly zero in the full model.
wald <- function(fit) {
  assign <- attr(model.matrix(fit), "assign")
  labels <- attr(terms(fit), "term.labels")
  b <- coef(fit); keep <- !is.na(b)
  V <- vcov(fit)
  out <- list()
  for (k in seq_along(labels)) {
    cols <- which(assign == k & keep)
    if (length(cols) == 0) next
    names <- names(b)[cols]
    bt <- b[names]; Vt <- V[names, names, drop = FALSE]
    f <- as.numeric(t(bt) %*% solve(Vt, bt)) / length(cols)
    out[[length(out) + 1]] <- list(term = labels[k], df = length(cols), F = fmt(f),
                                   p = fmt(pf(f, length(cols), df.residual(fit), lower.tail = FALSE)))
  }
  out
}

describe <- function(name, formula, data, references = list()) {
  for (v in names(references)) data[[v]] <- relevel(data[[v]], ref = references[[v]])
  fit <- lm(as.formula(formula), data = data)
  s <- summary(fit)
  b <- coef(fit)
  ci <- suppressWarnings(confint(fit))
  se <- rep(NaN, length(b)); tv <- se; pv <- se
  names(se) <- names(b)
  est <- s$coefficients
  se[rownames(est)] <- est[, 2]; tv <- se; pv <- se
  tv[rownames(est)] <- est[, 3]; pv[rownames(est)] <- est[, 4]
  a <- anova(fit)
  a <- a[rownames(a) != "Residuals", , drop = FALSE]
  list(name = name, formula = formula, references = if (length(references)) references else NULL,
       columns = colnames(model.matrix(fit)), nobs = nobs(fit),
       estimate = fmt(ifelse(is.na(b), NaN, b)), se = fmt(se), t = fmt(tv), p = fmt(pv),
       lower = fmt(ifelse(is.na(ci[, 1]), NaN, ci[, 1])), upper = fmt(ifelse(is.na(ci[, 2]), NaN, ci[, 2])),
       aliased = I(names(b)[is.na(b)]),
       sigma = fmt(s$sigma), df = df.residual(fit), r2 = fmt(s$r.squared), adjr2 = fmt(s$adj.r.squared),
       fstat = if (is.null(s$fstatistic)) NULL else fmt(unname(s$fstatistic)),
       anova = lapply(seq_len(nrow(a)), function(i) list(term = rownames(a)[i], df = a$Df[i], ss = fmt(a$`Sum Sq`[i]),
                                                         F = fmt(a$`F value`[i]), p = fmt(a$`Pr(>F)`[i]))),
       wald = wald(fit))
}

models <- list(
  describe("ancova", "vas_w12 ~ vas_w0 + arm", wide),
  describe("ancova_saline_reference", "vas_w12 ~ vas_w0 + arm", wide, list(arm = "saline")),
  describe("ancova_covariates", "vas_w12 ~ vas_w0 + arm + age + sex", wide),
  describe("interaction", "vas ~ arm * factor(week)", long),
  describe("no_intercept", "vas_w12 ~ 0 + arm", wide),
  describe("polynomial", "vas_w12 ~ x1 + I(x1^2)", wide),
  describe("collinear", "vas_w12 ~ x1 + x2 + x3", wide),
  describe("interaction_without_main_effect", "vas_w12 ~ arm:age", wide),
  describe("nested_slopes", "vas_w12 ~ arm + arm:age", wide),
  describe("minus_intercept_sex", "vas_w12 ~ sex * arm - 1", wide))
writeLines(toJSON(list(generator = "Tests/LinearModelsTests/Fixtures/linear_models.R", r_version = R.version.string,
                       models = models), auto_unbox = TRUE, null = "null"), "linear_models.json")
cat("wrote linear_models.json\n")
