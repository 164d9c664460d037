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
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

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
/// through the `gsl_rng_type.get` function pointer for every word. The words are computed in
/// 32-bit arithmetic (GSL keeps each state word below 2^32 in an unsigned long and masks after
/// every shift; a 32-bit shift drops the same bits), so the masks cost nothing.
static inline unsigned int cgsl_taus2_next(void *state) {
  cgsl_taus_state *s = (cgsl_taus_state *)state;
  unsigned int s1 = (unsigned int)s->s1, s2 = (unsigned int)s->s2, s3 = (unsigned int)s->s3;
  s1 = ((s1 & 4294967294U) << 12) ^ (((s1 << 13) ^ s1) >> 19);
  s2 = ((s2 & 4294967288U) << 4) ^ (((s2 << 2) ^ s2) >> 25);
  s3 = ((s3 & 4294967280U) << 17) ^ (((s3 << 3) ^ s3) >> 11);
  s->s1 = s1;
  s->s2 = s2;
  s->s3 = s3;
  return s1 ^ s2 ^ s3;
}


/// 1 when the CPU and the OS support AVX2 (CPUID leaf 7 and the YMM state in XCR0).
static inline int cgsl_cpu_has_avx2(void) {
#if defined(__x86_64__)
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (!(c & (1U << 27)) || !(c & (1U << 28))) return 0;
  unsigned int lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 6U) != 6U) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (int)((b >> 5) & 1U);
#else
  return 0;
#endif
}

/// e^x by the table method of GSLRandom's ExpTable (FastExp.swift), operation for operation, so
/// that both give the same double: `pairs` holds 2^(j/128) as hi, lo pairs.
static inline double cgsl_table_exp(double x, const double *pairs) {
#pragma clang fp contract(off)
  if (!(fabs(x) < 700)) return exp(x);
  const double shift = 0x1.8p52;
  double kd0 = x * 0x1.71547652b82fep+7 + shift;
  double kd = kd0 - shift;
  double r = (x - kd * 0x1.62e42ff000000p-8) - kd * -0x1.718432a1b0e26p-42;
  unsigned long long bits;
  memcpy(&bits, &kd0, 8);
  long long k = (long long)(bits & 0xFFFFFFFFFFFFFULL) - (1LL << 51);
  long long j = k & 127, e = k >> 7;
  double hi = pairs[2 * j], lo = pairs[2 * j + 1];
  double r2 = r * r;
  double p = r + r2 * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))));
  double m = hi + (hi * p + lo);
  unsigned long long sb = (unsigned long long)(e + 1023) << 52;
  double s;
  memcpy(&s, &sb, 8);
  return m * s;
}

typedef double cgsl_v4d __attribute__((vector_size(32)));
typedef unsigned long long cgsl_v4u __attribute__((vector_size(32)));
typedef long long cgsl_v4l __attribute__((vector_size(32)));

/// ``cgsl_table_exp`` of mu + sigma·x over a buffer, four lanes at a time in AVX2 registers
/// (no FMA: every product and sum rounds as in the scalar code, so the results are identical).
__attribute__((target("avx2"))) static inline void cgsl_exp_affine_avx2(double *x, long n, double mu, double sigma, const double *pairs) {
#pragma clang fp contract(off)
  long i = 0;
  for (; i + 4 <= n; i += 4) {
    cgsl_v4d v;
    memcpy(&v, x + i, 32);
    v = mu + sigma * v;
    cgsl_v4d a = (cgsl_v4d)((cgsl_v4u)v & 0x7FFFFFFFFFFFFFFFULL);
    cgsl_v4l inRange = a < 700.0;
    cgsl_v4d out;
    if (inRange[0] & inRange[1] & inRange[2] & inRange[3]) {
      const double shift = 0x1.8p52;
      cgsl_v4d kd0 = v * 0x1.71547652b82fep+7 + shift;
      cgsl_v4d kd = kd0 - shift;
      cgsl_v4d r = (v - kd * 0x1.62e42ff000000p-8) - kd * -0x1.718432a1b0e26p-42;
      // 2^51 + k, so that a logical shift gives 2^44 + (k >> 7).
      cgsl_v4u b = (cgsl_v4u)kd0 & 0xFFFFFFFFFFFFFULL;
      cgsl_v4u j = (b & 127ULL) * 2ULL;
      cgsl_v4u sb = ((b >> 7) - (1ULL << 44) + 1023ULL) << 52;
      cgsl_v4d hi = {pairs[j[0]], pairs[j[1]], pairs[j[2]], pairs[j[3]]};
      cgsl_v4d lo = {pairs[j[0] + 1], pairs[j[1] + 1], pairs[j[2] + 1], pairs[j[3] + 1]};
      cgsl_v4d r2 = r * r;
      cgsl_v4d p = r + r2 * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120))));
      cgsl_v4d m = hi + (hi * p + lo);
      out = m * (cgsl_v4d)sb;
    } else {
      for (int l = 0; l < 4; l++) out[l] = cgsl_table_exp(v[l], pairs);
    }
    memcpy(x + i, &out, 32);
  }
  for (; i < n; i++) x[i] = cgsl_table_exp(mu + sigma * x[i], pairs);
}

/// x[i] = e^(mu + sigma·x[i]) by ``cgsl_table_exp``, vectorised when `avx2` (from
/// ``cgsl_cpu_has_avx2``).
static inline void cgsl_exp_affine(double *x, long n, double mu, double sigma, const double *pairs, int avx2) {
#pragma clang fp contract(off)
  if (avx2) {
    cgsl_exp_affine_avx2(x, n, mu, sigma, pairs);
    return;
  }
  for (long i = 0; i < n; i++) x[i] = cgsl_table_exp(mu + sigma * x[i], pairs);
}

#endif
