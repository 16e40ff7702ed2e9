/*
 * throughput.c - the cost of one vector division, fused multiply-add and addition on this CPU (docs/performance.md,
 * "Where the time goes"). Eight independent chains per loop, so the figures are throughput, not latency.
 *
 *   gcc -O2 -march=native -o throughput throughput.c && ./throughput
 *
 * The 512-bit rows need AVX-512F (built with -march=native on such a CPU); the 256-bit row needs AVX.
 */
#define _POSIX_C_SOURCE 200809L
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#define ROUNDS 100000000L

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define EIGHT(op) do { x0 = op(x0); x1 = op(x1); x2 = op(x2); x3 = op(x3); \
                       x4 = op(x4); x5 = op(x5); x6 = op(x6); x7 = op(x7); } while (0)

#ifdef __AVX512F__
static double time512(int which)
{
    __m512d x0 = _mm512_set1_pd(1.1), x1 = _mm512_set1_pd(1.2), x2 = _mm512_set1_pd(1.3), x3 = _mm512_set1_pd(1.4);
    __m512d x4 = _mm512_set1_pd(1.5), x5 = _mm512_set1_pd(1.6), x6 = _mm512_set1_pd(1.7), x7 = _mm512_set1_pd(1.8);
    const __m512d d = _mm512_set1_pd(1.0000001);
#define DIV(x) _mm512_div_pd(x, d)
#define FMA(x) _mm512_fmadd_pd(x, d, d)
#define ADD(x) _mm512_add_pd(x, d)
    double start = now();
    for (long i = 0; i < ROUNDS; i++) {
        if (which == 0) EIGHT(DIV); else if (which == 1) EIGHT(FMA); else EIGHT(ADD);
    }
    double seconds = now() - start;
    __m512d sum = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(x0, x1), _mm512_add_pd(x2, x3)),
                                _mm512_add_pd(_mm512_add_pd(x4, x5), _mm512_add_pd(x6, x7)));
    if (_mm512_reduce_add_pd(sum) == 42.0) puts("");  /* keeps the chains alive */
    return seconds / (ROUNDS * 8.0) * 1e9;
#undef DIV
#undef FMA
#undef ADD
}
#endif

static double divide256(void)
{
    __m256d x0 = _mm256_set1_pd(1.1), x1 = _mm256_set1_pd(1.2), x2 = _mm256_set1_pd(1.3), x3 = _mm256_set1_pd(1.4);
    __m256d x4 = _mm256_set1_pd(1.5), x5 = _mm256_set1_pd(1.6), x6 = _mm256_set1_pd(1.7), x7 = _mm256_set1_pd(1.8);
    const __m256d d = _mm256_set1_pd(1.0000001);
#define DIV(x) _mm256_div_pd(x, d)
    double start = now();
    for (long i = 0; i < ROUNDS; i++) EIGHT(DIV);
    double seconds = now() - start;
#undef DIV
    double lanes[4];
    _mm256_storeu_pd(lanes, _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(x0, x1), _mm256_add_pd(x2, x3)),
                                          _mm256_add_pd(_mm256_add_pd(x4, x5), _mm256_add_pd(x6, x7))));
    if (lanes[0] == 42.0) puts("");
    return seconds / (ROUNDS * 8.0) * 1e9;
}

#ifdef __AVX512F__
/* Independent divisions of operands read from memory: zero dividends, 1/2, or varied mantissas (the cost does not
 * depend on the operands if the three agree). */
#define OPERANDS 4096
static double dividend[OPERANDS], divisor[OPERANDS], quotient[OPERANDS];

static double divide_operands(int kind)
{
    for (int i = 0; i < OPERANDS; i++) {
        dividend[i] = kind == 0 ? 0.0 : kind == 1 ? 1.0 : 0.37 + (i * 2654435761u % 1000) / 997.0;
        divisor[i] = kind == 1 ? 2.0 : 3.9 + (i * 40503u % 1000) / 991.0;
    }
    const long rounds = 20000;
    double start = now();
    for (long r = 0; r < rounds; r++)
        for (int i = 0; i < OPERANDS; i += 8)
            _mm512_storeu_pd(quotient + i, _mm512_div_pd(_mm512_loadu_pd(dividend + i), _mm512_loadu_pd(divisor + i)));
    double seconds = now() - start;
    if (quotient[5] == 42.0) puts("");
    return seconds / (rounds * (OPERANDS / 8.0)) * 1e9;
}
#endif

int main(void)
{
#ifdef __AVX512F__
    printf("vdivpd zmm (8 doubles):  %.3f ns each\n", time512(0));
    printf("vdivpd zmm, operands from memory: 0/x %.3f, 1/2 %.3f, varied %.3f ns each\n",
           divide_operands(0), divide_operands(1), divide_operands(2));
    printf("vfmadd zmm (8 doubles):  %.3f ns each\n", time512(1));
    printf("vaddpd zmm (8 doubles):  %.3f ns each\n", time512(2));
#else
    puts("built without AVX-512F: the 512-bit rows are left out");
#endif
    printf("vdivpd ymm (4 doubles):  %.3f ns each\n", divide256());
    return 0;
}
