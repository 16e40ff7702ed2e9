COMMENT
Pair-based STDP on one connection, as NetDsl's pairSTDP rule defines it (docs/plasticity.md, "pairSTDP"): NEST's
stdp_synapse updates with all-to-all traces, the presynaptic spike counting when it arrives at the synapse (spike
time + the NetCon's delay), the postsynaptic spike at its own time. The updates are NEST's written for the weight
itself (not normalized by Wmax): potentiation w + lambda Wmax (1 - w/Wmax)^mu_plus k+, at most Wmax; depression
w - alpha lambda Wmax (w/Wmax)^mu_minus k-, at least 0.

Wiring (one PairSTDP per connection, next to the connection's Exp2Syn, which keeps no NetCon of its own):
  * the synaptic NetCon goes from the pre cell to this mechanism, with the connection's weight (>= 0) and delay;
    POINTER synweight points at that NetCon's weight[0], which the rule changes;
  * a NetCon from the post cell's spike detector, weight -1 (w < 0 marks a postsynaptic spike), delay 0;
  * POINTERs synA and synB point at the Exp2Syn's states A and B: a presynaptic arrival adds synweight * factor to
    both, as Exp2Syn's NET_RECEIVE does; tau1 and tau2 must be the Exp2Syn's (factor is computed as its INITIAL does).

Order: a presynaptic arrival is handled by a self event at the same time (net_send(0, 1)), so that it comes after
every postsynaptic spike of that time already queued. It then depresses by the post trace of the spikes strictly
before it, delivers the new weight and increments the pre trace. A postsynaptic spike potentiates by the pre trace
of the arrivals strictly before it and increments the post trace. A trace is kept as the time of its last spike and
its value just before that spike's increment, so that spikes at the same time never pair.
ENDCOMMENT

NEURON {
    POINT_PROCESS PairSTDP
    RANGE tau_plus, tau_minus, lambda, alpha, mu_plus, mu_minus, Wmax, tau1, tau2
    RANGE factor, lastpre, lastpost, pretrace, posttrace
    POINTER synweight, synA, synB
}

PARAMETER {
    tau_plus = 20 (ms)
    tau_minus = 20 (ms)
    lambda = 0.01
    alpha = 1
    mu_plus = 1
    mu_minus = 1
    Wmax = 1
    tau1 = 0.1 (ms)
    tau2 = 10 (ms)
}

ASSIGNED {
    synweight
    synA
    synB
    factor
    lastpre (ms)
    lastpost (ms)
    pretrace
    posttrace
}

INITIAL {
    LOCAL tp, t1
    t1 = tau1
    if (t1/tau2 > 0.9999) {
        t1 = 0.9999*tau2
    }
    if (t1/tau2 < 1e-9) {
        t1 = tau2*1e-9
    }
    tp = (t1*tau2)/(tau2 - t1) * log(tau2/t1)
    factor = -exp(-tp/t1) + exp(-tp/tau2)
    factor = 1/factor
    : no spike yet: both traces are 0
    lastpre = -1e9
    lastpost = -1e9
    pretrace = 0
    posttrace = 0
}

NET_RECEIVE(w) {
    LOCAL k
    if (flag == 0) {
        if (w >= 0) {
            net_send(0, 1)
        } else {
            k = trace(lastpre, pretrace, t, tau_plus)
            if (k > 0) {
                synweight = facilitate(synweight, k)
            }
            posttrace = trace(lastpost, posttrace, t, tau_minus)
            lastpost = t
        }
    } else {
        k = trace(lastpost, posttrace, t, tau_minus)
        if (k > 0) {
            synweight = depress(synweight, k)
        }
        synA = synA + synweight*factor
        synB = synB + synweight*factor
        pretrace = trace(lastpre, pretrace, t, tau_plus)
        lastpre = t
    }
}

: the sum of exp(-(now - s)/tau) over the spikes s strictly before now
FUNCTION trace(last, before, now, tau) {
    if (now == last) {
        trace = before
    } else {
        trace = (before + 1)*exp((last - now)/tau)
    }
}

FUNCTION facilitate(w, k) {
    LOCAL x
    x = w + lambda*Wmax*pow(1 - w/Wmax, mu_plus)*k
    if (x < Wmax) {
        facilitate = x
    } else {
        facilitate = Wmax
    }
}

FUNCTION depress(w, k) {
    LOCAL x
    x = w - alpha*lambda*Wmax*pow(w/Wmax, mu_minus)*k
    if (x > 0) {
        depress = x
    } else {
        depress = 0
    }
}
