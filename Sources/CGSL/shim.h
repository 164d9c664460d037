// shim.h: the GSL headers ClaimsRisk uses, plus the few static inline shims Swift needs.
// This module is not API: only the GSLRandom module imports it.
#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_fft_complex.h>
#include <gsl/gsl_fft_real.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_multimin.h>

/// GSL exports its generator types as mutable C globals (`gsl_rng_mt19937`), which Swift 6
/// rejects in concurrent code; these getters return the constant pointers instead.
static inline const gsl_rng_type *cgsl_rng_type_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cgsl_rng_type_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cgsl_rng_type_ranlxd2(void) { return gsl_rng_ranlxd2; }
/// The Nelder–Mead simplex minimiser type (a C global, read through a function).
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

/// The library version string (a C global array, read through a function).
static inline const char *cgsl_version(void) { return gsl_version; }

/// Turns GSL's abort-on-error handler off once; the previous handler is discarded.
static inline void cgsl_error_handler_off(void) { (void)gsl_set_error_handler_off(); }

/// Calls the generator's `get` function directly (the inline `gsl_rng_uniform` expands to
/// the same call; this spelling keeps the call site independent of GSL_RANGE_CHECK macros).
static inline double cgsl_uniform(const gsl_rng *r) { return (r->type->get_double)(r->state); }
static inline unsigned long cgsl_get(const gsl_rng *r) { return (r->type->get)(r->state); }

/// The state of GSL's taus2 generator (`taus_state_t` in GSL's rng/taus.c: three unsigned
/// longs holding 32-bit words). GeneratorTests checks the stream word for word against
/// `gsl_rng_get`, so a GSL with another layout fails the tests instead of drawing otherwise.
typedef struct { unsigned long s1, s2, s3; } cgsl_taus_state;

/// The generator's state block (for `cgsl_taus2_next`).
static inline void *cgsl_state(const gsl_rng *r) { return r->state; }

/// One step of L'Ecuyer's taus2 (the recurrence of GSL's `taus_get`), inlined where GSL calls
/// through the `gsl_rng_type.get` function pointer for every word.
static inline unsigned int cgsl_taus2_next(void *state) {
  cgsl_taus_state *s = (cgsl_taus_state *)state;
  const unsigned long mask = 0xffffffffUL;
  s->s1 = (((s->s1 & 4294967294UL) << 12) & mask) ^ ((((s->s1 << 13) & mask) ^ s->s1) >> 19);
  s->s2 = (((s->s2 & 4294967288UL) << 4) & mask) ^ ((((s->s2 << 2) & mask) ^ s->s2) >> 25);
  s->s3 = (((s->s3 & 4294967280UL) << 17) & mask) ^ ((((s->s3 << 3) & mask) ^ s->s3) >> 11);
  return (unsigned int)(s->s1 ^ s->s2 ^ s->s3);
}

#endif
