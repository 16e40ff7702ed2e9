namespace NetDsl.Kernels;

/// <summary>NEURON's exp2syn.mod constants, computed exactly as its INITIAL block and cnexp solver do.</summary>
public static class Exp2Syn
{
    /// <summary>tau1 after the INITIAL guards (tau1/tau2 &gt; 0.9999 or &lt; 1e-9 overwrite tau1).</summary>
    public static double EffectiveTau1(double tau1, double tau2)
    {
        if (tau1 / tau2 > 0.9999) tau1 = 0.9999 * tau2;
        if (tau1 / tau2 < 1e-9) tau1 = tau2 * 1e-9;
        return tau1;
    }

    /// <summary>The factor that makes a single event of weight w peak at w.</summary>
    public static double PeakFactor(double tau1, double tau2)
    {
        tau1 = EffectiveTau1(tau1, tau2);
        double tp = tau1 * tau2 / (tau2 - tau1) * Math.Log(tau2 / tau1);
        double factor = -Math.Exp(-tp / tau1) + Math.Exp(-tp / tau2);
        return 1 / factor;
    }

    /// <summary>cnexp step coefficient: X = X + (1 - exp(dt*(-1/tau)))*(-X).</summary>
    public static double DecayCoefficient(double dt, double tau) => 1.0 - Math.Exp(dt * (-1.0 / tau));
}
