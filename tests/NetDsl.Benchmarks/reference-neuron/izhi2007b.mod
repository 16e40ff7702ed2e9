: Izhikevich (2007) point neuron as NetPyNE's tutorial uses it (semantics in docs/performance.md, "NEURON"):
: the current of the point process is -(k (v - vr)(v - vt) - u + Iin) / C / 1000 nA, u is advanced by explicit
: Euler at every current evaluation, WATCH (v > vpeak) resets v and u. Written for the timing comparison only.

NEURON {
    POINT_PROCESS Izhi2007b
    RANGE C, k, vr, vt, vpeak, u, a, b, c, d, Iin, celltype, alive, cellid, delta, t0
    NONSPECIFIC_CURRENT i
}

PARAMETER {
    C = 1
    k = 0.7
    vr = -60
    vt = -40
    vpeak = 35
    a = 0.03
    b = -2
    c = -50
    d = 100
    Iin = 0
    celltype = 1
    alive = 1
    cellid = -1
}

ASSIGNED {
    v (millivolt)
    i (nanoamp)
    u
    delta
    t0
}

INITIAL {
    u = 0
    net_send(0, 1)
}

BREAKPOINT {
    delta = t - t0
    if (celltype < 5) {
        u = u + delta * a * (b * (v - vr) - u)
    } else if (celltype == 5) {
        if (v < d) {
            u = u + delta * a * (0 - u)
        } else {
            u = u + delta * a * (0.025 * (v - d) * (v - d) * (v - d) - u)
        }
    } else if (celltype == 6 || celltype == 7) {
        if (celltype == 6) {
            if (v > -65) { b = 0 } else { b = 15 }
        } else {
            if (v > -65) { b = 2 } else { b = 10 }
        }
        u = u + delta * a * (b * (v - vr) - u)
    }
    t0 = t
    i = -(k * (v - vr) * (v - vt) - u + Iin) / C / 1000
}

NET_RECEIVE (w) {
    if (flag == 1) {
        if (celltype == 4) {
            WATCH (v > (vpeak - 0.1 * u)) 2
        } else if (celltype == 6) {
            WATCH (v > (vpeak + 0.1 * u)) 2
        } else {
            WATCH (v > vpeak) 2
        }
        v = vr
    } else if (flag == 2) {
        if (alive) { net_event(t) }
        if (celltype == 4) {
            v = c + 0.04 * u
            if ((u + d) < 670) { u = u + d } else { u = 670 }
        } else if (celltype == 5) {
            v = c
        } else if (celltype == 6) {
            v = c - 0.1 * u
            u = u + d
        } else {
            v = c
            u = u + d
        }
    }
}
