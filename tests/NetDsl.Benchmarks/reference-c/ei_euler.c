/*
 * ei_euler.c - plain C timing baseline for the E/I benchmark network (examples/Scaling/ei_benchmark.netdsl).
 *
 * One core, double precision, forward Euler, no intrinsics, no threads. It is a timing reference for
 * "a plain hand-written C loop", not a NEURON replica: spike times are not comparable with NetDsl or NEURON.
 *
 * Model (N cells: first 80 % excitatory E, the rest inhibitory I; all Izhikevich 2007 regular-spiking):
 *   C_m dv/dt = k (v - vr)(v - vt) - u + I_syn            [pA, pF, mV, ms]
 *       du/dt = a (b (v - vr) - u)
 *   if v >= vpeak: v = c, u += d, the cell spikes.
 *   C_m = 100 pF (soma diam 10 um, L 10 um, cm 31.831 uF/cm^2 gives 100 pF; the Izhi2007b C = 1 multiplies it).
 *   k 0.7 pA/mV^2, vr -60 mV, vt -40 mV, vpeak 35 mV, a 0.03 /ms, b -2 nS, c -50 mV, d 100 pA; v(0) = vr, u(0) = 0.
 *
 *   I_syn = 1000 * sum over synapse types s of g_s (e_s - v)  [g in uS, mV -> nA; x1000 -> pA]
 *   g_s = B_s - A_s, A_s and B_s decay exactly: A *= exp(-dt/tau1), B *= exp(-dt/tau2) each step.
 *   An event of weight w (uS) adds w * factor to A and B; factor = 1 / (exp(-tp/tau2) - exp(-tp/tau1)),
 *   tp = tau1 tau2 / (tau2 - tau1) ln(tau2 / tau1), so one event alone peaks at exactly w uS (Exp2Syn).
 *     exc: tau1 1 ms, tau2 5 ms, e 0 mV        inh: tau1 2 ms, tau2 10 ms, e -70 mV
 *
 * Inputs and connections:
 *   every cell: its own NetStim-like source, mean interval 10 ms (100 Hz), noise 0.5:
 *     interval = 0.5 * 10 + 0.5 * 10 * Exp(1) ms, first event at 0.5 * 10 * Exp(1) ms; weight 0.01 uS, delay 5 ms, exc.
 *   E -> all: each ordered pair (pre != post) independently with p = 100 / N_E, weight 0.001 uS, delay 5 ms, exc.
 *   I -> all: same p, weight 0.004 uS, delay 3 ms, inh.
 *   Pairs are drawn by geometric skipping (gap ~ Geometric(p)), which gives the same distribution as one Bernoulli
 *   draw per pair without touching all N^2 pairs. Connectivity is stored as CSR by pre cell (targets only: weight
 *   and delay are uniform within a projection).
 *
 * Time loop (dt 0.025 ms), step n goes from t_n to t_n+1:
 *   1. deliver background events whose arrival time rounds to t_n (t_n - dt/2 < t <= t_n + dt/2) into A/B (exc);
 *      each cell waits in a timing wheel for its next arrival step, so this costs per event, not per cell;
 *   2. deliver the spikes queued for step n: for each pre cell in the ring-buffer slot, add its weight * factor to
 *      A/B of every target;
 *   3. forward-Euler update of v and u of every cell from state(t_n) with g frozen at its value after delivery,
 *      then the exact decay of A/B;
 *   4. threshold: v >= vpeak at t_n+1 resets the cell and queues its spike for step n+1+delay/dt.
 *
 * Usage: ei_euler N [duration_ms (default 1000)] [seed (default 1)]
 * Output (one line): N, synapses, build and run seconds (CLOCK_MONOTONIC), run CPU seconds, spikes, mean rate,
 * ns per neuron-step and peak resident memory.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* ---- parameters ---------------------------------------------------------------------------------------------- */

static const double DT = 0.025;           /* ms */
static const double MEMBRANE_PF = 100.0;  /* C_m: Izhi C (1) x soma capacitance (100 pF) */
static const double K = 0.7, VR = -60.0, VT = -40.0, VPEAK = 35.0;
static const double A_REC = 0.03, B_REC = -2.0, C_RESET = -50.0, D_JUMP = 100.0;

static const double EXC_TAU1 = 1.0, EXC_TAU2 = 5.0, EXC_E = 0.0;
static const double INH_TAU1 = 2.0, INH_TAU2 = 10.0, INH_E = -70.0;

static const double STIM_INTERVAL = 10.0, STIM_NOISE = 0.5, STIM_WEIGHT = 0.01, STIM_DELAY = 5.0;
static const double FAN_IN = 100.0;       /* mean excitatory inputs per cell; p = FAN_IN / N_E */
static const double E_WEIGHT = 0.001, E_DELAY = 5.0;
static const double I_WEIGHT = 0.004, I_DELAY = 3.0;

/* ---- random numbers: xoshiro256** seeded through splitmix64 --------------------------------------------------- */

typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* uniform in (0, 1]: never 0, so log() is finite */
static inline double rng_open01(rng_t *r) { return ((rng_next(r) >> 11) + 1) * 0x1.0p-53; }

static inline double rng_exp1(rng_t *r) { return -log(rng_open01(r)); }

/* ---- small helpers --------------------------------------------------------------------------------------------- */

static double now_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "ei_euler: out of memory allocating %zu bytes\n", bytes);
        exit(2);
    }
    return p;
}

static void *xrealloc(void *old, size_t bytes)
{
    void *p = realloc(old, bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "ei_euler: out of memory growing to %zu bytes\n", bytes);
        exit(2);
    }
    return p;
}

static double *zeros(size_t n) { double *p = xmalloc(n * sizeof *p); memset(p, 0, n * sizeof *p); return p; }

/* Exp2Syn normalisation: one event of weight w peaks at exactly w */
static double exp2syn_factor(double tau1, double tau2)
{
    double tp = tau1 * tau2 / (tau2 - tau1) * log(tau2 / tau1);
    return 1.0 / (exp(-tp / tau2) - exp(-tp / tau1));
}

/* NetStim interval with noise: (1 - noise) * mean + noise * mean * Exp(1) */
static inline double stim_interval(rng_t *r) { return (1.0 - STIM_NOISE) * STIM_INTERVAL + STIM_NOISE * STIM_INTERVAL * rng_exp1(r); }

/* the step an event at time t (ms) is delivered in: nearest grid time, t_k - dt/2 < t <= t_k + dt/2 */
static inline long delivery_step(double t) { return (long)ceil(t / DT - 0.5); }

static long parse_long(const char *text, const char *what, long min, long max)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end || end == text || value < min || value > max) {
        fprintf(stderr, "ei_euler: %s must be an integer in [%ld, %ld], got '%s'\n", what, min, max, text);
        exit(1);
    }
    return value;
}

/* ---- connectivity: CSR by pre cell --------------------------------------------------------------------------- */

typedef struct {
    int64_t *row_start;  /* N + 1 offsets into target */
    int32_t *target;     /* post cell of every synapse, grouped by pre cell */
    int64_t count;
} csr_t;

static csr_t build_connectivity(int n, double p, rng_t *r)
{
    csr_t c;
    int64_t capacity = (int64_t)(n * p * n * 1.05) + 1024;
    c.row_start = xmalloc(((size_t)n + 1) * sizeof *c.row_start);
    c.target = xmalloc((size_t)capacity * sizeof *c.target);
    c.count = 0;
    /* log(1 - p) for the geometric gap; p >= 1 connects every pair */
    double log_q = p < 1.0 ? log1p(-p) : 0.0;
    for (int pre = 0; pre < n; pre++) {
        c.row_start[pre] = c.count;
        for (int64_t post = -1;;) {
            post += 1 + (p < 1.0 ? (int64_t)floor(log(rng_open01(r)) / log_q) : 0);
            if (post >= n) break;
            if (post == pre) continue;  /* no self connections */
            if (c.count == capacity) {
                capacity = capacity * 3 / 2 + 1024;
                c.target = xrealloc(c.target, (size_t)capacity * sizeof *c.target);
            }
            c.target[c.count++] = (int32_t)post;
        }
    }
    c.row_start[n] = c.count;
    return c;
}

/* ---- event queues: lists of cell ids per step -------------------------------------------------------------------
 * Spikes: a ring of max delay / dt + 1 slots; slot step % size lists the pre cells whose spikes are due at step.
 * Background events: a wheel of BACKGROUND_WHEEL slots; every cell sits in the slot of its next arrival step
 * (arrival_step % BACKGROUND_WHEEL). An interval longer than the wheel only means the cell is seen once per lap
 * before its step comes, so no interval is ever cut short. */

#define BACKGROUND_WHEEL 1024

typedef struct {
    int32_t *cells;
    int32_t count, capacity;
} slot_t;

static inline void slot_push(slot_t *s, int32_t cell)
{
    if (s->count == s->capacity) {
        s->capacity = s->capacity ? s->capacity * 2 : 64;
        s->cells = xrealloc(s->cells, (size_t)s->capacity * sizeof *s->cells);
    }
    s->cells[s->count++] = cell;
}

/* ---- main ------------------------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s N [duration_ms (default 1000)] [seed (default 1)]\n", argv[0]);
        return 1;
    }
    const int n = (int)parse_long(argv[1], "N", 5, 50000000);
    const double duration = argc > 2 ? (double)parse_long(argv[2], "duration_ms", 1, 100000000) : 1000.0;
    const uint64_t seed = argc > 3 ? (uint64_t)parse_long(argv[3], "seed", 0, 0x7fffffffL) : 1;

    const int n_exc = n * 4 / 5;
    const double p = FAN_IN / n_exc < 1.0 ? FAN_IN / n_exc : 1.0;
    const long steps = lround(duration / DT);
    const int e_delay_steps = (int)lround(E_DELAY / DT);
    const int i_delay_steps = (int)lround(I_DELAY / DT);
    const int ring_size = (e_delay_steps > i_delay_steps ? e_delay_steps : i_delay_steps) + 1;

    const double inv_membrane = 1.0 / MEMBRANE_PF;
    const double exc_factor = exp2syn_factor(EXC_TAU1, EXC_TAU2);
    const double inh_factor = exp2syn_factor(INH_TAU1, INH_TAU2);
    const double exc_decay1 = exp(-DT / EXC_TAU1), exc_decay2 = exp(-DT / EXC_TAU2);
    const double inh_decay1 = exp(-DT / INH_TAU1), inh_decay2 = exp(-DT / INH_TAU2);
    const double stim_increment = STIM_WEIGHT * exc_factor;
    const double e_increment = E_WEIGHT * exc_factor;
    const double i_increment = I_WEIGHT * inh_factor;

    /* ---- build: state, background sources, connectivity, spike queue ---- */
    double build_start = now_s(CLOCK_MONOTONIC);
    rng_t conn_rng, stim_rng;
    rng_seed(&conn_rng, seed * 2 + 0);
    rng_seed(&stim_rng, seed * 2 + 1);

    double *v = xmalloc((size_t)n * sizeof *v);
    double *u = zeros((size_t)n);
    double *exc_a = zeros((size_t)n), *exc_b = zeros((size_t)n);
    double *inh_a = zeros((size_t)n), *inh_b = zeros((size_t)n);
    double *stim_arrival = xmalloc((size_t)n * sizeof *stim_arrival);  /* next background event at the cell, ms */
    long *stim_step = xmalloc((size_t)n * sizeof *stim_step);           /* ... and the step it is delivered in */
    slot_t *wheel = xmalloc(BACKGROUND_WHEEL * sizeof *wheel);
    memset(wheel, 0, BACKGROUND_WHEEL * sizeof *wheel);
    slot_t wheel_spare = {0};
    for (int i = 0; i < n; i++) {
        v[i] = VR;
        stim_arrival[i] = STIM_NOISE * STIM_INTERVAL * rng_exp1(&stim_rng) + STIM_DELAY;
        stim_step[i] = delivery_step(stim_arrival[i]);
        slot_push(&wheel[stim_step[i] % BACKGROUND_WHEEL], i);
    }
    csr_t conn = build_connectivity(n, p, &conn_rng);
    slot_t *ring = xmalloc((size_t)ring_size * sizeof *ring);
    memset(ring, 0, (size_t)ring_size * sizeof *ring);
    double build_s = now_s(CLOCK_MONOTONIC) - build_start;

    /* ---- run ---- */
    long long spikes = 0;
    double run_start = now_s(CLOCK_MONOTONIC);
    double cpu_start = now_s(CLOCK_PROCESS_CPUTIME_ID);
    for (long step = 0; step < steps; step++) {
        /* 1. background events of this step; the slot is swapped out first because cells go back into the wheel */
        slot_t lap = wheel[step % BACKGROUND_WHEEL];
        wheel[step % BACKGROUND_WHEEL] = wheel_spare;
        wheel[step % BACKGROUND_WHEEL].count = 0;
        for (int32_t k = 0; k < lap.count; k++) {
            const int32_t i = lap.cells[k];
            if (stim_step[i] == step) {
                exc_a[i] += stim_increment;
                exc_b[i] += stim_increment;
                stim_arrival[i] += stim_interval(&stim_rng);
                stim_step[i] = delivery_step(stim_arrival[i]);
            }
            slot_push(&wheel[stim_step[i] % BACKGROUND_WHEEL], i);
        }
        wheel_spare = lap;

        /* 2. network spikes due now */
        slot_t *slot = &ring[step % ring_size];
        for (int32_t k = 0; k < slot->count; k++) {
            const int32_t pre = slot->cells[k];
            const int32_t *post = conn.target + conn.row_start[pre];
            const int64_t len = conn.row_start[pre + 1] - conn.row_start[pre];
            if (pre < n_exc) {
                for (int64_t j = 0; j < len; j++) {
                    exc_a[post[j]] += e_increment;
                    exc_b[post[j]] += e_increment;
                }
            } else {
                for (int64_t j = 0; j < len; j++) {
                    inh_a[post[j]] += i_increment;
                    inh_b[post[j]] += i_increment;
                }
            }
        }
        slot->count = 0;

        /* 3. forward Euler for v and u, exact decay of the synaptic states */
        for (int i = 0; i < n; i++) {
            const double vi = v[i], ui = u[i];
            const double i_syn = 1000.0 * ((exc_b[i] - exc_a[i]) * (EXC_E - vi) + (inh_b[i] - inh_a[i]) * (INH_E - vi));
            const double dvdt = (K * (vi - VR) * (vi - VT) - ui + i_syn) * inv_membrane;
            const double dudt = A_REC * (B_REC * (vi - VR) - ui);
            v[i] = vi + DT * dvdt;
            u[i] = ui + DT * dudt;
            exc_a[i] *= exc_decay1;
            exc_b[i] *= exc_decay2;
            inh_a[i] *= inh_decay1;
            inh_b[i] *= inh_decay2;
        }

        /* 4. threshold at t + dt: reset and queue the spike */
        for (int i = 0; i < n; i++) {
            if (v[i] >= VPEAK) {
                v[i] = C_RESET;
                u[i] += D_JUMP;
                spikes++;
                const int delay = i < n_exc ? e_delay_steps : i_delay_steps;
                slot_push(&ring[(step + 1 + delay) % ring_size], i);
            }
        }
    }
    double cpu_s = now_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    double run_s = now_s(CLOCK_MONOTONIC) - run_start;

    /* a diverged state would make every timing meaningless */
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i]) || !isfinite(u[i])) {
            fprintf(stderr, "ei_euler: cell %d diverged (v %g, u %g)\n", i, v[i], u[i]);
            return 3;
        }
    }

    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    const double rate = spikes / (double)n / (steps * DT / 1000.0);
    printf("N=%d synapses=%lld duration_ms=%.0f build_s=%.3f run_s=%.3f run_cpu_s=%.3f spikes=%lld rate_hz=%.2f "
           "ns_per_neuron_step=%.2f peak_rss_mib=%.1f\n",
           n, (long long)conn.count, steps * DT, build_s, run_s, cpu_s, spikes, rate,
           run_s * 1e9 / ((double)n * (double)steps), usage.ru_maxrss / 1024.0);
    if (rate < 1.0 || rate > 100.0)
        fprintf(stderr, "ei_euler: warning: mean rate %.2f Hz is outside the plausible 1-100 Hz range\n", rate);

    for (int s = 0; s < ring_size; s++) free(ring[s].cells);
    free(ring);
    for (int s = 0; s < BACKGROUND_WHEEL; s++) free(wheel[s].cells);
    free(wheel);
    free(wheel_spare.cells);
    free(stim_step);
    free(conn.target);
    free(conn.row_start);
    free(stim_arrival);
    free(inh_b); free(inh_a); free(exc_b); free(exc_a);
    free(u); free(v);
    return 0;
}
