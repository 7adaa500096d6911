// R's nmath as a standalone library: the definition must come before the header.
#define MATHLIB_STANDALONE 1
#include <Rmath.h>
