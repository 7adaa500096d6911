// perturbed_blas: a BLAS that is correct but rounds differently from every real one.
//
// Loaded with LD_PRELOAD in front of the reference LAPACK and BLAS (`make test-kernels`), it
// wraps the Fortran BLAS routines that our code and LAPACK call. Each wrapper calls the real
// routine and then moves every output element by a pseudo-random amount within the standard
// rounding-error bound of that operation, e.g. for C = αAB + βC
//
//     |δC_ij| ≤ scale · ε · √k · (|α||A||B| + |β||C|)_ij        (k: the inner dimension),
//
// and for triangular solves a backward perturbation of the right-hand side of the same size
// (x̃ = T⁻¹(b + δb), |δb| ≤ scale · ε · √n · |T||x|). That is the freedom any correct kernel has
// (OpenBLAS's Prescott, Haswell, SkylakeX, Cooperlake and Zen kernels each use a different part
// of it), so a test that passes here for several seeds depends on no kernel's particular
// rounding, including kernels this machine's CPU cannot run.
//
// The perturbation of an element is a hash of the seed, the routine, the element's index and
// its computed value, so it does not depend on thread scheduling: a failing test reproduces
// when run alone with the same seed.
//
// Environment: PERTURBED_BLAS_SEED (default 1), PERTURBED_BLAS_SCALE (default 1; 0 turns the
// perturbation off, leaving the reference BLAS). Build: cc -O2 -shared -fPIC -o libperturbed_blas.so
// perturbed_blas.c -ldl -lm
// SPDX-License-Identifier: GPL-3.0-or-later
#define _GNU_SOURCE
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int blasint;
typedef size_t fortran_length;

static uint64_t seed_value(void) {
    static uint64_t seed = 0;
    static int read = 0;
    if (!read) {
        const char *text = getenv("PERTURBED_BLAS_SEED");
        seed = text ? strtoull(text, NULL, 10) : 1;
        read = 1;
    }
    return seed;
}

static double scale_value(void) {
    static double scale = -1;
    if (scale < 0) {
        const char *text = getenv("PERTURBED_BLAS_SCALE");
        scale = text ? strtod(text, NULL) : 1.0;
        if (!(scale >= 0)) scale = 1.0;
    }
    return scale;
}

static uint64_t mix(uint64_t z) {  // splitmix64's finaliser
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// A number in [-1, 1) fixed by the seed, the routine, the element's index and its value.
static double noise(uint64_t routine, uint64_t index, double value) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    uint64_t h = mix(seed_value() ^ mix(routine ^ mix(index ^ mix(bits))));
    return (double)(h >> 11) * 0x1.0p-52 - 1.0;
}

static void *real_routine(const char *name) {
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "perturbed_blas: %s not found behind the preload (put the reference BLAS after this library)\n", name);
        abort();
    }
    return f;
}

#define REAL(name, type) static type real_##name = NULL; if (!real_##name) real_##name = (type)real_routine(#name "_")

static int is_transposed(const char *t) { return *t == 'T' || *t == 't' || *t == 'C' || *t == 'c'; }
static int is_upper(const char *u) { return *u == 'U' || *u == 'u'; }

static double *absolute_copy(const double *a, blasint rows, blasint columns, blasint lda) {
    double *copy = malloc(sizeof(double) * (size_t)(rows > 0 ? rows : 1) * (size_t)(columns > 0 ? columns : 1));
    for (blasint j = 0; j < columns; j++)
        for (blasint i = 0; i < rows; i++) copy[i + (size_t)j * rows] = fabs(a[i + (size_t)j * lda]);
    return copy;
}

static double *absolute_vector(const double *x, blasint n, blasint incx) {
    double *copy = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    blasint start = incx > 0 ? 0 : (1 - n) * incx;
    for (blasint i = 0; i < n; i++) copy[i] = fabs(x[start + i * incx]);
    return copy;
}

/// Whether every entry is a whole number of magnitude at most 2^26, and the largest magnitude.
/// Sums of products of such numbers are exact in any order while they stay below 2^52 (see
/// exact_product), so every real kernel gives the same, exact answer there (the doctor's 2×2
/// product, the Cholesky of an exactly singular integer matrix), and this library leaves it so.
static int whole_numbers(const double *a, blasint rows, blasint columns, blasint ld, double *largest) {
    double m = 0;
    for (blasint j = 0; j < columns; j++)
        for (blasint i = 0; i < rows; i++) {
            double v = a[i + (size_t)j * ld];
            if (!(fabs(v) <= 0x1.0p26) || v != nearbyint(v)) return 0;
            if (fabs(v) > m) m = fabs(v);
        }
    *largest = m;
    return 1;
}

/// Whether a product with inner dimension k of whole numbers bounded by a and b is computed
/// exactly by any summation order (every partial sum is a whole number below 2^53).
static int exact_product(double a, double b, double c, blasint k) {
    return (a * b * (double)(k > 0 ? k : 1) + c) < 0x1.0p52;
}

static int whole_scalar(double v) { return fabs(v) <= 0x1.0p26 && v == nearbyint(v); }

static double width(blasint inner) { return scale_value() * DBL_EPSILON * sqrt((double)(inner > 1 ? inner : 1)); }

/// Moves each of the n entries of the strided vector y by noise within width·bound[i].
static void perturb_vector(uint64_t routine, double *y, blasint n, blasint inc, double w, const double *bound) {
    blasint start = inc > 0 ? 0 : (1 - n) * inc;
    for (blasint i = 0; i < n; i++) {
        double *v = &y[start + i * inc];
        *v += noise(routine, (uint64_t)i, *v) * w * bound[i];
    }
}

// ---- Level 3 ----------------------------------------------------------------------------

typedef void (*gemm_t)(const char *, const char *, const blasint *, const blasint *, const blasint *, const double *,
                       const double *, const blasint *, const double *, const blasint *, const double *, double *,
                       const blasint *, fortran_length, fortran_length);

void dgemm_(const char *ta, const char *tb, const blasint *m, const blasint *n, const blasint *k, const double *alpha,
            const double *a, const blasint *lda, const double *b, const blasint *ldb, const double *beta, double *c,
            const blasint *ldc, fortran_length la, fortran_length lb) {
    REAL(dgemm, gemm_t);
    blasint M = *m, N = *n, K = *k, L = *ldc;
    if (scale_value() == 0 || M <= 0 || N <= 0) { real_dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, la, lb); return; }
    // The bound: |α||op(A)||op(B)| + |β||C|, by the real routine on absolute copies.
    blasint aRows = is_transposed(ta) ? K : M, aColumns = is_transposed(ta) ? M : K;
    blasint bRows = is_transposed(tb) ? N : K, bColumns = is_transposed(tb) ? K : N;
    double ma, mb, mc = 0;
    if (whole_scalar(*alpha) && whole_scalar(*beta) && whole_numbers(a, aRows, aColumns, *lda, &ma)
        && whole_numbers(b, bRows, bColumns, *ldb, &mb) && (*beta == 0 || whole_numbers(c, M, N, L, &mc))
        && exact_product(fabs(*alpha) * ma, mb, fabs(*beta) * mc, K)) {
        real_dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, la, lb);
        return;
    }
    double *absA = absolute_copy(a, aRows, aColumns, *lda), *absB = absolute_copy(b, bRows, bColumns, *ldb);
    double *bound = absolute_copy(c, M, N, L);
    if (*beta == 0) memset(bound, 0, sizeof(double) * (size_t)M * N);
    double absAlpha = fabs(*alpha), absBeta = fabs(*beta);
    blasint ldaAbs = aRows > 0 ? aRows : 1, ldbAbs = bRows > 0 ? bRows : 1;
    real_dgemm(ta, tb, m, n, k, &absAlpha, absA, &ldaAbs, absB, &ldbAbs, &absBeta, bound, m, 1, 1);
    real_dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, la, lb);
    double w = width(K + 1);
    for (blasint j = 0; j < N; j++)
        for (blasint i = 0; i < M; i++) {
            double *x = &c[i + (size_t)j * L];
            *x += noise(1, i + (uint64_t)j * M, *x) * w * bound[i + (size_t)j * M];
        }
    free(absA); free(absB); free(bound);
}

typedef void (*syrk_t)(const char *, const char *, const blasint *, const blasint *, const double *, const double *,
                       const blasint *, const double *, double *, const blasint *, fortran_length, fortran_length);

void dsyrk_(const char *uplo, const char *trans, const blasint *n, const blasint *k, const double *alpha, const double *a,
            const blasint *lda, const double *beta, double *c, const blasint *ldc, fortran_length lu, fortran_length lt) {
    REAL(dsyrk, syrk_t);
    blasint N = *n, K = *k, L = *ldc;
    if (scale_value() == 0 || N <= 0) { real_dsyrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc, lu, lt); return; }
    blasint aRows = is_transposed(trans) ? K : N, aColumns = is_transposed(trans) ? N : K;
    double ma, mc = 0;
    if (whole_scalar(*alpha) && whole_scalar(*beta) && whole_numbers(a, aRows, aColumns, *lda, &ma)
        && (*beta == 0 || whole_numbers(c, N, N, L, &mc)) && exact_product(fabs(*alpha) * ma, ma, fabs(*beta) * mc, K)) {
        real_dsyrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc, lu, lt);
        return;
    }
    double *absA = absolute_copy(a, aRows, aColumns, *lda), *bound = absolute_copy(c, N, N, L);
    if (*beta == 0) memset(bound, 0, sizeof(double) * (size_t)N * N);
    double absAlpha = fabs(*alpha), absBeta = fabs(*beta);
    blasint ldaAbs = aRows > 0 ? aRows : 1;
    real_dsyrk(uplo, trans, n, k, &absAlpha, absA, &ldaAbs, &absBeta, bound, n, 1, 1);
    real_dsyrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc, lu, lt);
    double w = width(K + 1);
    for (blasint j = 0; j < N; j++)
        for (blasint i = is_upper(uplo) ? 0 : j; i <= (is_upper(uplo) ? j : N - 1); i++) {
            double *x = &c[i + (size_t)j * L];
            *x += noise(2, i + (uint64_t)j * N, *x) * w * bound[i + (size_t)j * N];
        }
    free(absA); free(bound);
}

typedef void (*syr2k_t)(const char *, const char *, const blasint *, const blasint *, const double *, const double *,
                        const blasint *, const double *, const blasint *, const double *, double *, const blasint *,
                        fortran_length, fortran_length);

void dsyr2k_(const char *uplo, const char *trans, const blasint *n, const blasint *k, const double *alpha,
             const double *a, const blasint *lda, const double *b, const blasint *ldb, const double *beta, double *c,
             const blasint *ldc, fortran_length lu, fortran_length lt) {
    REAL(dsyr2k, syr2k_t);
    blasint N = *n, K = *k, L = *ldc;
    if (scale_value() == 0 || N <= 0) { real_dsyr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, lu, lt); return; }
    blasint rows = is_transposed(trans) ? K : N, columns = is_transposed(trans) ? N : K;
    double *absA = absolute_copy(a, rows, columns, *lda), *absB = absolute_copy(b, rows, columns, *ldb);
    double *bound = absolute_copy(c, N, N, L);
    if (*beta == 0) memset(bound, 0, sizeof(double) * (size_t)N * N);
    double absAlpha = fabs(*alpha), absBeta = fabs(*beta);
    blasint ld = rows > 0 ? rows : 1;
    real_dsyr2k(uplo, trans, n, k, &absAlpha, absA, &ld, absB, &ld, &absBeta, bound, n, 1, 1);
    real_dsyr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, lu, lt);
    double w = width(2 * K + 1);
    for (blasint j = 0; j < N; j++)
        for (blasint i = is_upper(uplo) ? 0 : j; i <= (is_upper(uplo) ? j : N - 1); i++) {
            double *x = &c[i + (size_t)j * L];
            *x += noise(3, i + (uint64_t)j * N, *x) * w * bound[i + (size_t)j * N];
        }
    free(absA); free(absB); free(bound);
}

typedef void (*trmm_t)(const char *, const char *, const char *, const char *, const blasint *, const blasint *,
                       const double *, const double *, const blasint *, double *, const blasint *, fortran_length,
                       fortran_length, fortran_length, fortran_length);

void dtrmm_(const char *side, const char *uplo, const char *transa, const char *diag, const blasint *m, const blasint *n,
            const double *alpha, const double *a, const blasint *lda, double *b, const blasint *ldb, fortran_length l1,
            fortran_length l2, fortran_length l3, fortran_length l4) {
    REAL(dtrmm, trmm_t);
    blasint M = *m, N = *n, L = *ldb;
    if (scale_value() == 0 || M <= 0 || N <= 0) { real_dtrmm(side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb, l1, l2, l3, l4); return; }
    blasint order = (*side == 'L' || *side == 'l') ? M : N;
    double *absA = absolute_copy(a, order, order, *lda), *bound = absolute_copy(b, M, N, L);
    double absAlpha = fabs(*alpha);
    real_dtrmm(side, uplo, transa, diag, m, n, &absAlpha, absA, &order, bound, m, 1, 1, 1, 1);
    real_dtrmm(side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb, l1, l2, l3, l4);
    double w = width(order);
    for (blasint j = 0; j < N; j++)
        for (blasint i = 0; i < M; i++) {
            double *x = &b[i + (size_t)j * L];
            *x += noise(4, i + (uint64_t)j * M, *x) * w * bound[i + (size_t)j * M];
        }
    free(absA); free(bound);
}

/// Triangular solves: x̃ = T⁻¹(b + δb) with |δb| ≤ width · |T||x|, a backward perturbation.
void dtrsm_(const char *side, const char *uplo, const char *transa, const char *diag, const blasint *m, const blasint *n,
            const double *alpha, const double *a, const blasint *lda, double *b, const blasint *ldb, fortran_length l1,
            fortran_length l2, fortran_length l3, fortran_length l4) {
    static trmm_t trsm = NULL;
    if (!trsm) trsm = (trmm_t)real_routine("dtrsm_");
    REAL(dtrmm, trmm_t);
    blasint M = *m, N = *n, L = *ldb;
    blasint order = (*side == 'L' || *side == 'l') ? M : N;
    double mt, mb, mx;
    int wholeInput = M > 0 && N > 0 && whole_scalar(*alpha) && whole_numbers(a, order, order, *lda, &mt) && whole_numbers(b, M, N, L, &mb);
    trsm(side, uplo, transa, diag, m, n, alpha, a, lda, b, ldb, l1, l2, l3, l4);
    if (scale_value() == 0 || M <= 0 || N <= 0) return;
    // A whole-number system with a whole-number solution is solved exactly in any order.
    if (wholeInput && whole_numbers(b, M, N, L, &mx) && exact_product(mt, mx, fabs(*alpha) * mb, order)) return;
    double *absA = absolute_copy(a, order, order, *lda), *delta = absolute_copy(b, M, N, L);
    double one = 1;
    real_dtrmm(side, uplo, transa, diag, m, n, &one, absA, &order, delta, m, 1, 1, 1, 1);  // |T||x|
    double w = width(order);
    for (blasint j = 0; j < N; j++)
        for (blasint i = 0; i < M; i++)
            delta[i + (size_t)j * M] *= noise(5, i + (uint64_t)j * M, b[i + (size_t)j * L]) * w;
    trsm(side, uplo, transa, diag, m, n, &one, a, lda, delta, m, 1, 1, 1, 1);  // T⁻¹δb
    for (blasint j = 0; j < N; j++)
        for (blasint i = 0; i < M; i++) b[i + (size_t)j * L] += delta[i + (size_t)j * M];
    free(absA); free(delta);
}

// ---- Level 2 ----------------------------------------------------------------------------

typedef void (*gemv_t)(const char *, const blasint *, const blasint *, const double *, const double *, const blasint *,
                       const double *, const blasint *, const double *, double *, const blasint *, fortran_length);

void dgemv_(const char *trans, const blasint *m, const blasint *n, const double *alpha, const double *a,
            const blasint *lda, const double *x, const blasint *incx, const double *beta, double *y,
            const blasint *incy, fortran_length lt) {
    REAL(dgemv, gemv_t);
    blasint M = *m, N = *n;
    blasint lengthX = is_transposed(trans) ? M : N, lengthY = is_transposed(trans) ? N : M;
    if (scale_value() == 0 || M <= 0 || N <= 0) { real_dgemv(trans, m, n, alpha, a, lda, x, incx, beta, y, incy, lt); return; }
    double *absA = absolute_copy(a, M, N, *lda), *absX = absolute_vector(x, lengthX, *incx);
    double *bound = absolute_vector(y, lengthY, *incy);
    double ma, mx, my = 0;
    if (whole_scalar(*alpha) && whole_scalar(*beta) && whole_numbers(absA, M, N, M, &ma) && whole_numbers(absX, lengthX, 1, lengthX, &mx)
        && (*beta == 0 || whole_numbers(bound, lengthY, 1, lengthY, &my)) && exact_product(fabs(*alpha) * ma, mx, fabs(*beta) * my, lengthX)) {
        free(absA); free(absX); free(bound);
        real_dgemv(trans, m, n, alpha, a, lda, x, incx, beta, y, incy, lt);
        return;
    }
    if (*beta == 0) memset(bound, 0, sizeof(double) * (size_t)lengthY);
    double absAlpha = fabs(*alpha), absBeta = fabs(*beta);
    blasint one = 1, ld = M;
    real_dgemv(trans, m, n, &absAlpha, absA, &ld, absX, &one, &absBeta, bound, &one, 1);
    real_dgemv(trans, m, n, alpha, a, lda, x, incx, beta, y, incy, lt);
    perturb_vector(6, y, lengthY, *incy, width(lengthX + 1), bound);
    free(absA); free(absX); free(bound);
}

typedef void (*symv_t)(const char *, const blasint *, const double *, const double *, const blasint *, const double *,
                       const blasint *, const double *, double *, const blasint *, fortran_length);

void dsymv_(const char *uplo, const blasint *n, const double *alpha, const double *a, const blasint *lda,
            const double *x, const blasint *incx, const double *beta, double *y, const blasint *incy,
            fortran_length lu) {
    REAL(dsymv, symv_t);
    blasint N = *n;
    if (scale_value() == 0 || N <= 0) { real_dsymv(uplo, n, alpha, a, lda, x, incx, beta, y, incy, lu); return; }
    double *absA = absolute_copy(a, N, N, *lda), *absX = absolute_vector(x, N, *incx), *bound = absolute_vector(y, N, *incy);
    if (*beta == 0) memset(bound, 0, sizeof(double) * (size_t)N);
    double absAlpha = fabs(*alpha), absBeta = fabs(*beta);
    blasint one = 1;
    real_dsymv(uplo, n, &absAlpha, absA, n, absX, &one, &absBeta, bound, &one, 1);
    real_dsymv(uplo, n, alpha, a, lda, x, incx, beta, y, incy, lu);
    perturb_vector(7, y, N, *incy, width(N + 1), bound);
    free(absA); free(absX); free(bound);
}

typedef void (*trmv_t)(const char *, const char *, const char *, const blasint *, const double *, const blasint *,
                       double *, const blasint *, fortran_length, fortran_length, fortran_length);

void dtrmv_(const char *uplo, const char *trans, const char *diag, const blasint *n, const double *a, const blasint *lda,
            double *x, const blasint *incx, fortran_length l1, fortran_length l2, fortran_length l3) {
    REAL(dtrmv, trmv_t);
    blasint N = *n;
    if (scale_value() == 0 || N <= 0) { real_dtrmv(uplo, trans, diag, n, a, lda, x, incx, l1, l2, l3); return; }
    double *absA = absolute_copy(a, N, N, *lda), *bound = absolute_vector(x, N, *incx);
    blasint one = 1;
    real_dtrmv(uplo, trans, diag, n, absA, n, bound, &one, 1, 1, 1);
    real_dtrmv(uplo, trans, diag, n, a, lda, x, incx, l1, l2, l3);
    perturb_vector(8, x, N, *incx, width(N), bound);
    free(absA); free(bound);
}

void dtrsv_(const char *uplo, const char *trans, const char *diag, const blasint *n, const double *a, const blasint *lda,
            double *x, const blasint *incx, fortran_length l1, fortran_length l2, fortran_length l3) {
    static trmv_t trsv = NULL;
    if (!trsv) trsv = (trmv_t)real_routine("dtrsv_");
    REAL(dtrmv, trmv_t);
    blasint N = *n;
    double mt, mb, mx;
    double *before = N > 0 ? absolute_vector(x, N, *incx) : NULL;
    int wholeInput = N > 0 && whole_numbers(a, N, N, *lda, &mt) && whole_numbers(before, N, 1, N, &mb);
    free(before);
    trsv(uplo, trans, diag, n, a, lda, x, incx, l1, l2, l3);
    if (scale_value() == 0 || N <= 0) return;
    double *absA = absolute_copy(a, N, N, *lda), *delta = absolute_vector(x, N, *incx);
    if (wholeInput && whole_numbers(delta, N, 1, N, &mx) && exact_product(mt, mx, mb, N)) { free(absA); free(delta); return; }
    blasint one = 1;
    real_dtrmv(uplo, trans, diag, n, absA, n, delta, &one, 1, 1, 1);  // |T||x|
    double w = width(N);
    blasint start = *incx > 0 ? 0 : (1 - N) * *incx;
    for (blasint i = 0; i < N; i++) delta[i] *= noise(9, i, x[start + i * *incx]) * w;
    trsv(uplo, trans, diag, n, a, lda, delta, &one, 1, 1, 1);
    for (blasint i = 0; i < N; i++) x[start + i * *incx] += delta[i];
    free(absA); free(delta);
}

typedef void (*ger_t)(const blasint *, const blasint *, const double *, const double *, const blasint *, const double *,
                      const blasint *, double *, const blasint *);

void dger_(const blasint *m, const blasint *n, const double *alpha, const double *x, const blasint *incx,
           const double *y, const blasint *incy, double *a, const blasint *lda) {
    REAL(dger, ger_t);
    blasint M = *m, N = *n, L = *lda;
    if (scale_value() == 0 || M <= 0 || N <= 0) { real_dger(m, n, alpha, x, incx, y, incy, a, lda); return; }
    double *absX = absolute_vector(x, M, *incx), *absY = absolute_vector(y, N, *incy), *before = absolute_copy(a, M, N, L);
    real_dger(m, n, alpha, x, incx, y, incy, a, lda);
    double mx, my, ma;
    if (whole_scalar(*alpha) && whole_numbers(absX, M, 1, M, &mx) && whole_numbers(absY, N, 1, N, &my)
        && whole_numbers(before, M, N, M, &ma) && exact_product(fabs(*alpha) * mx, my, ma, 1)) {
        free(absX); free(absY); free(before);
        return;
    }
    double w = width(2);
    for (blasint j = 0; j < N; j++)
        for (blasint i = 0; i < M; i++) {
            double *v = &a[i + (size_t)j * L];
            *v += noise(10, i + (uint64_t)j * M, *v) * w * (fabs(*alpha) * absX[i] * absY[j] + before[i + (size_t)j * M]);
        }
    free(absX); free(absY); free(before);
}

// ---- Level 1 ----------------------------------------------------------------------------

typedef double (*dot_t)(const blasint *, const double *, const blasint *, const double *, const blasint *);

double ddot_(const blasint *n, const double *x, const blasint *incx, const double *y, const blasint *incy) {
    REAL(ddot, dot_t);
    double result = real_ddot(n, x, incx, y, incy);
    blasint N = *n;
    if (scale_value() == 0 || N <= 0) return result;
    double *absX = absolute_vector(x, N, *incx), *absY = absolute_vector(y, N, *incy), bound = 0, mx, my;
    for (blasint i = 0; i < N; i++) bound += absX[i] * absY[i];
    int exact = whole_numbers(absX, N, 1, N, &mx) && whole_numbers(absY, N, 1, N, &my) && exact_product(mx, my, 0, N);
    free(absX); free(absY);
    if (exact) return result;
    return result + noise(11, (uint64_t)N, result) * width(N) * bound;
}

typedef double (*nrm2_t)(const blasint *, const double *, const blasint *);

double dnrm2_(const blasint *n, const double *x, const blasint *incx) {
    REAL(dnrm2, nrm2_t);
    double result = real_dnrm2(n, x, incx);
    if (scale_value() == 0 || *n <= 0) return result;
    return result * (1 + noise(12, (uint64_t)*n, result) * width(*n));
}
