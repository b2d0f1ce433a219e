#ifndef CITYMATCH_COPENBLAS_SHIM_H
#define CITYMATCH_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
