# Generates decompositions.json, the reference values for LinearAlgebraTests.
# Run from this folder:  Rscript decompositions.R
# Matrices are written column-major with 17 significant digits, as strings.
suppressPackageStartupMessages(library(jsonlite))
fmt <- function(v) sprintf("%.17g", v)
mat <- function(m) list(rows = nrow(m), columns = ncol(m), columnMajor = fmt(as.vector(m)))

set.seed(20261121)
hilbert <- function(n) outer(1:n, 1:n, function(i, j) 1 / (i + j - 1))
randomSPD <- function(n) { a <- matrix(rnorm(n * n), n); crossprod(a) + diag(n) * 0.1 }

spd <- list(
  random6 = randomSPD(6),
  random40 = randomSPD(40),
  hilbert8 = hilbert(8))
symmetricCases <- lapply(names(spd), function(name) {
  a <- spd[[name]]
  list(name = name, matrix = mat(a),
       cholLower = mat(t(chol(a))),
       logDeterminant = fmt(as.numeric(determinant(a, logarithm = TRUE)$modulus)),
       eigenvaluesAscending = fmt(rev(eigen(a, symmetric = TRUE, only.values = TRUE)$values)),
       inverse = mat(solve(a)))
})

# Designs: full rank, a duplicated column, a column that is the sum of two others (R drops
# the later one), an all-zero column, and more columns than rows. R's lm/qr default
# (LINPACK dqrdc2, tol = 1e-7) decides rank and which columns are aliased.
n <- 12
x1 <- round(rnorm(n), 3); x2 <- round(rnorm(n), 3); x3 <- round(rnorm(n), 3)
y <- round(1 + 2 * x1 - x2 + rnorm(n), 3)
designs <- list(
  fullRank = cbind(1, x1, x2, x3),
  duplicatedColumn = cbind(1, x1, x2, x1),
  sumOfColumns = cbind(1, x1, x2, x1 + x2, x3),
  zeroColumn = cbind(1, 0, x1, x2),
  wide = cbind(1, x1, x2, x3, x1 * x2, x1 * x3, x2 * x3, x1^2, x2^2, x3^2, x1 * x2 * x3, x1^3, x2^3)[1:8, ],
  # Uncentred powers of a time near 1000: condition number about 5e19; R keeps 3 columns.
  uncentredCubic = (function(t) cbind(1, t, t^2, t^3))(1000 + (0:11) / 11))
designCases <- lapply(names(designs), function(name) {
  X <- designs[[name]]
  yy <- y[seq_len(nrow(X))]
  q <- qr(X)
  coef <- qr.coef(q, yy)
  kept <- sort(q$pivot[seq_len(q$rank)])
  list(name = name, matrix = mat(X), response = fmt(yy), rank = q$rank,
       # Coefficients of two correct implementations agree only to about cond(X_kept)·ε.
       keptConditionNumber = fmt(kappa(X[, kept, drop = FALSE], exact = TRUE)),
       droppedColumns = I(if (q$rank < ncol(X)) sort(q$pivot[(q$rank + 1):ncol(X)]) - 1L else integer(0)),
       coefficients = fmt(ifelse(is.na(coef), NaN, coef)),
       fitted = fmt(qr.fitted(q, yy)))
})

general <- list(
  random5x3 = matrix(rnorm(15), 5, 3),
  hilbert12 = hilbert(12),
  singular4 = matrix(c(1, 2, 3, 4, 2, 4, 6, 8, 1, 0, 1, 0, 3, 1, 2, 5), 4, 4))
generalCases <- lapply(names(general), function(name) {
  a <- general[[name]]
  list(name = name, matrix = mat(a), singularValues = fmt(svd(a)$d),
       logAbsoluteDeterminant = if (nrow(a) == ncol(a)) fmt(as.numeric(determinant(a)$modulus)) else NULL,
       determinantSign = if (nrow(a) == ncol(a)) as.numeric(determinant(a)$sign) else NULL)
})

fixture <- list(generator = "Tests/LinearAlgebraTests/Fixtures/decompositions.R",
                r_version = R.version.string,
                symmetric = symmetricCases, designs = designCases, general = generalCases)
writeLines(toJSON(fixture, auto_unbox = TRUE, null = "null"), "decompositions.json")
cat("wrote decompositions.json\n")
