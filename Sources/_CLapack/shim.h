// cblas from OpenBLAS, LAPACKE from netlib (OpenBLAS on Debian is built with NO_LAPACKE).
#include <cblas.h>
#include <lapacke.h>

// The LAPACK version, from the Fortran library behind LAPACKE (ilaver is part of LAPACK).
void ilaver_(lapack_int *major, lapack_int *minor, lapack_int *patch);
