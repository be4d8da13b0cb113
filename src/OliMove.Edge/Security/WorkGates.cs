namespace OliMove.Edge.Security;

/// <summary>The two gates on expensive work: PBKDF2 (CPU) and scrypt keystores (CPU and 256 MiB each).</summary>
public sealed class WorkGates(SecurityLimitsOptions limits)
{
    /// <summary>Sign-in password checks and OCPP AuthorizationKey checks.</summary>
    public WorkGate Passwords { get; } = new(limits.EffectiveParallelPasswordChecks, limits.QueuedPerGate);

    /// <summary>Sign-ups (password hash and a new keystore) and keystore exports (decrypt and re-encrypt).</summary>
    public WorkGate Keystores { get; } = new(limits.ParallelKeystoreJobs, limits.QueuedPerGate);
}
